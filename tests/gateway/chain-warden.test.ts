import { createLocalJWKSet, createRemoteJWKSet, decodeProtectedHeader, exportJWK, generateKeyPair, SignJWT } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "../../lib/db";
import { hashParams } from "../../lib/approvals/hash-params";
import { GatewayApprovalResponse, TOKEN_TYPE } from "../../lib/approvals/schema";
import type { Forward, GatewayCall } from "../../lib/gateway/call";
import { ApprovalTokenError, verifyApprovalToken } from "../../lib/gateway/warden/verify-approval-token";
import { WardenUnavailableError } from "../../lib/gateway/warden/warden-errors";
import { createSignedInUser, uniq } from "../support/factories";
import { baseUrl } from "../support/http";
import { createTestGateway, gatewayApi } from "../support/gateways";
import { createToolRule, decide, requestApproval } from "../approvals/approval-factory";
import { extendApproval } from "../../lib/approvals/extend-approval";
import { setToolSetting } from "../../lib/policy/set-tool-setting";
import { createTestBudget, currentPeriodRow } from "../budgets/budget-fixtures";
import { cleanupChains, deadUrl, makeCall, makeChain, spooledEvents, startEverything, startPolicy, textOf, waitFor } from "./chain-support";

// The chain's Warden side, against the test suite's real Warden: approvals decided by a reviewer through
// the dashboard API, the decision token checked against the JWKS, budgets checked and reserved, and the
// gateway failing closed when Warden cannot be asked.

let gw: Awaited<ReturnType<typeof createTestGateway>>;
let reviewer: Awaited<ReturnType<typeof createSignedInUser>>;
let upstream: Awaited<ReturnType<typeof startEverything>>;
beforeAll(async () => {
  gw = await createTestGateway();
  reviewer = await createSignedInUser({ roles: ["reviewer"] });
  upstream = await startEverything();
});
afterAll(cleanupChains);

/** A rule for one tool of this test's gateway (a fresh tool name per test, so rules never cross). */
async function ruleFor(tool: string, over: Parameters<typeof createToolRule>[2] = {}) {
  return createToolRule(gw.name, tool, over);
}

const approvalOf = (call: GatewayCall, gatewayId = gw.gatewayId) =>
  waitFor(() => db().approval.findFirst({ where: { gatewayId, requestId: call.id } }), 20_000, "the approval request");

function counted(): { forward: Forward; runs: GatewayCall[] } {
  const runs: GatewayCall[] = [];
  return { runs, forward: async (call) => (runs.push(call), { content: [{ type: "text", text: `ran ${call.tool}` }] }) };
}

describe("call chain with Warden: approvals", () => {
  it("an approved call waits with progress, carries the full params, hash, identity and the client's justification, and runs once approved", async () => {
    // A gateway of its own: its rule holds every echo, which the other tests call freely.
    const own = await createTestGateway();
    const rule = await createToolRule(own.name, "echo");
    const { chain, spool } = await makeChain({ apiKey: own.apiKey });
    const progress: { progress: number; message?: string }[] = [];
    const params = { message: "approved through Warden" };
    const call = makeCall({
      params,
      meta: { progressToken: 7, "warden/justification": "The user asked to echo this.", "warden/userGoal": "See the echo" },
      progress: (p) => progress.push(p),
    });
    const running = chain(call, upstream.forward);
    const row = await approvalOf(call, own.gatewayId);
    expect(row).toMatchObject({
      status: "pending",
      server: "everything",
      tool: "echo",
      params,
      paramsHash: hashParams(params),
      userId: "alice@example.com",
      team: "finance",
      agent: "chain-test",
      sessionId: "s-1",
      justification: "The user asked to echo this.",
      userGoal: "See the echo",
      identitySource: "config",
      ruleId: rule.id,
    });
    await waitFor(async () => progress.length >= 2, 20_000, "progress notifications");
    expect(progress[0].message).toMatch(/Waiting for a reviewer/);
    expect((await decide(reviewer, row.id, "approve", "fine")).status).toBe(200);
    const result = await running;
    expect(textOf(result)).toContain("approved through Warden");
    const stored = (await spooledEvents(spool)).get(call.id)!;
    expect(stored).toMatchObject({ status: "ok", approvalId: row.id, identitySource: "config" });
    expect(stored.decisions!.filter((d) => d.stage === "approval").map((d) => d.outcome)).toEqual(["hold", "allow"]);
    // Warden stores the event as the spool will send it, with the chain's decisions and the identity source.
    const sent = await gatewayApi("/events", own.apiKey, { body: { events: [stored] } });
    expect(sent.status).toBe(200);
    const inWarden = await waitFor(() => db().event.findFirst({ where: { id: call.id } }), 20_000, "the stored event");
    expect(inWarden).toMatchObject({ status: "ok", approvalId: row.id, identitySource: "config" });
    expect((inWarden.decisions as { stage: string }[]).map((d) => d.stage)).toEqual(stored.decisions!.map((d) => d.stage));
  });

  it("a denied call is not run: the tool error carries the reviewer's reason; status denied, errorType approval_denied", async () => {
    const tool = uniq("send_email");
    await ruleFor(tool);
    const { chain, spool } = await makeChain({ apiKey: gw.apiKey });
    const { forward, runs } = counted();
    const call = makeCall({ tool, params: { to: "cfo@example.com" } });
    const running = chain(call, forward);
    const row = await approvalOf(call);
    expect((await decide(reviewer, row.id, "deny", "not to the CFO today")).status).toBe(200);
    const result = await running;
    expect(result).toMatchObject({ isError: true });
    expect(textOf(result)).toContain("not to the CFO today");
    expect(runs).toHaveLength(0);
    expect((await spooledEvents(spool)).get(call.id)).toMatchObject({ status: "denied", errorType: "approval_denied", approvalId: row.id });
  });

  it("a request nobody decides expires: status denied, errorType approval_expired (not a person's denial)", async () => {
    const tool = uniq("delete_repo");
    await ruleFor(tool);
    const { chain, spool } = await makeChain({ apiKey: gw.apiKey, config: { approvals: { timeoutSeconds: 2, pollSeconds: 1, progressMs: 500 } } });
    const { forward, runs } = counted();
    const call = makeCall({ tool, params: { repo: "warden" } });
    const result = await chain(call, forward);
    expect(result).toMatchObject({ isError: true });
    expect(textOf(result)).toMatch(/before its deadline/);
    expect(runs).toHaveLength(0);
    expect((await spooledEvents(spool)).get(call.id)).toMatchObject({ status: "denied", errorType: "approval_expired" });
  });

  it("a deadline a reviewer extends is honoured: the gateway keeps waiting past the first deadline and runs the call once approved", async () => {
    const tool = uniq("migrate_db");
    await ruleFor(tool);
    // 8 s: the reviewer must extend before the first deadline (with 3 s, a pause of about 3 s on a loaded
    // machine between the request being stored and the extension found it expired: reproduced with a pause there).
    const { chain, spool } = await makeChain({ apiKey: gw.apiKey, config: { approvals: { timeoutSeconds: 8, pollSeconds: 1, progressMs: 200 } } });
    const { forward, runs } = counted();
    const progress: string[] = [];
    const call = makeCall({ tool, params: { to: "v2" }, meta: { progressToken: "p1" }, progress: (p) => progress.push(p.message ?? "") });
    const running = chain(call, forward);
    const row = await approvalOf(call);
    const extended = await extendApproval({ id: row.id, reviewer: { id: reviewer.id, email: reviewer.email, team: null }, input: { minutes: 5, reason: "The chain test gives it more time" }, actor: { email: reviewer.email } });
    // Past the first deadline, still waiting, and telling the client the new one.
    await waitFor(async () => Date.now() > row.expiresAt.getTime() + 1500 && progress.some((m) => m.includes(extended.expiresAt)), 20_000, "the moved deadline in a progress message");
    expect(runs).toHaveLength(0);
    expect((await decide(reviewer, row.id, "approve")).status).toBe(200);
    expect(await running).not.toHaveProperty("isError");
    expect(runs).toHaveLength(1);
    expect((await spooledEvents(spool)).get(call.id)).toMatchObject({ status: "ok", approvalId: row.id });
  });

  it("Warden unreachable for a moment while the call waits: the gateway keeps asking and runs the call once approved", async () => {
    const tool = uniq("restart_service");
    await ruleFor(tool);
    let outages = 0;
    const { chain, spool } = await makeChain({
      apiKey: gw.apiKey,
      wrapWarden: (api) => ({
        ...api,
        // The first two long-polls find Warden away (as a restart of Warden would).
        getApproval: async (id, o) => (++outages <= 2 ? Promise.reject(new WardenUnavailableError("Warden restarting")) : api.getApproval(id, o)),
      }),
    });
    const { forward, runs } = counted();
    const call = makeCall({ tool, params: { name: "billing" } });
    const running = chain(call, forward);
    const row = await approvalOf(call);
    await waitFor(async () => outages > 2, 20_000, "the gateway to ask again");
    await decide(reviewer, row.id, "approve");
    expect(await running).not.toHaveProperty("isError");
    expect(runs).toHaveLength(1);
    expect((await spooledEvents(spool)).get(call.id)).toMatchObject({ status: "ok", approvalId: row.id });
  });

  it("a client that cancels while waiting cancels the request in Warden: status denied, errorType approval_cancelled", async () => {
    const tool = uniq("wire_money");
    await ruleFor(tool);
    const { chain, spool } = await makeChain({ apiKey: gw.apiKey });
    const ac = new AbortController();
    const { forward, runs } = counted();
    const call = makeCall({ tool, params: { amount: 1000 }, signal: ac.signal });
    const running = chain(call, forward);
    const row = await approvalOf(call);
    ac.abort(new Error("client disconnected"));
    await running;
    expect(runs).toHaveLength(0);
    expect((await db().approval.findUniqueOrThrow({ where: { id: row.id } })).status).toBe("cancelled");
    expect((await spooledEvents(spool)).get(call.id)).toMatchObject({ status: "denied", errorType: "approval_cancelled", approvalId: row.id });
  });

  it("an approval runs its call once: the same approval presented again is refused (approval_reused)", async () => {
    const tool = uniq("deploy");
    await ruleFor(tool);
    const { chain, spool } = await makeChain({ apiKey: gw.apiKey });
    const { forward, runs } = counted();
    const call = makeCall({ tool, params: { env: "prod" } });
    const running = chain(call, forward);
    const row = await approvalOf(call);
    await decide(reviewer, row.id, "approve");
    await running;
    expect(runs).toHaveLength(1);
    // A retry of the same request gets the same (approved) approval from Warden: the spool's claim refuses it.
    const again = await chain({ ...call, signal: new AbortController().signal }, forward);
    expect(again).toMatchObject({ isError: true });
    expect(textOf(again)).toMatch(/already used/);
    expect(runs).toHaveLength(1);
    expect(await spool.claimApproval(row.id, "someone-else")).toBe(false);
    await spool.committed();
    const { events } = await spool.readPending({ maxEvents: 100 });
    expect(events.filter((e) => e.id === call.id).map((e) => [e.status, e.errorType ?? null])).toEqual([
      ["ok", null],
      ["blocked", "approval_reused"],
    ]);
  });

  it("a decision token not signed by Warden is refused in the chain (approval_invalid), and the call does not run", async () => {
    const tool = uniq("drop_table");
    await ruleFor(tool);
    const { privateKey: _p, publicKey } = await generateKeyPair("EdDSA", { extractable: true });
    const jwks = await (await fetch(`${baseUrl()}/api/v1/jwks.json`)).json();
    // The attacker's key under Warden's own kid: only the signature can tell them apart.
    const forged = createLocalJWKSet({ keys: [{ ...(await exportJWK(publicKey)), kid: jwks.keys[0].kid, alg: "EdDSA" }] });
    const { chain, spool } = await makeChain({ apiKey: gw.apiKey, keys: forged });
    const { forward, runs } = counted();
    const call = makeCall({ tool, params: { table: "users" } });
    const running = chain(call, forward);
    await decide(reviewer, (await approvalOf(call)).id, "approve");
    const result = await running;
    expect(result).toMatchObject({ isError: true });
    expect(textOf(result)).toMatch(/approval token rejected/);
    expect(runs).toHaveLength(0);
    expect((await spooledEvents(spool)).get(call.id)).toMatchObject({ status: "blocked", errorType: "approval_invalid", riskFlags: ["approval_token_invalid"] });
  });
});

describe("verifyApprovalToken against Warden's JWKS", () => {
  let approved: { id: string; token: string; requestId: string; paramsHash: string };
  const keys = () => createRemoteJWKSet(new URL(`${baseUrl()}/api/v1/jwks.json`));
  beforeAll(async () => {
    const { id, body } = await requestApproval(gw.apiKey);
    await decide(reviewer, id, "approve");
    const res = GatewayApprovalResponse.parse((await gatewayApi(`/approvals/${id}`, gw.apiKey)).json);
    approved = { id, token: res.token!, requestId: body.requestId, paramsHash: body.paramsHash };
  });
  const expected = () => ({ approvalId: approved.id, requestId: approved.requestId, paramsHash: approved.paramsHash, audience: gw.gatewayId });

  it("accepts Warden's token for exactly this approval, request, params and gateway", async () => {
    const claims = await verifyApprovalToken({ token: approved.token, keys: keys(), expected: expected() });
    expect(claims).toMatchObject({ decision: "approved", approval_id: approved.id, aud: gw.gatewayId });
  });

  it("refuses the token for other params, another request, another approval or another gateway", async () => {
    for (const over of [{ paramsHash: hashParams({ to: "attacker@example.com" }) }, { requestId: "another-request" }, { approvalId: crypto.randomUUID() }, { audience: crypto.randomUUID() }]) {
      await expect(verifyApprovalToken({ token: approved.token, keys: keys(), expected: { ...expected(), ...over } })).rejects.toBeInstanceOf(ApprovalTokenError);
    }
  });

  it("refuses an expired token", async () => {
    await expect(verifyApprovalToken({ token: approved.token, keys: keys(), expected: expected(), now: new Date(Date.now() + 10 * 60_000) })).rejects.toThrow(/ERR_JWT_EXPIRED/);
  });

  it("refuses a token signed by another key (same kid, same claims) and an unsigned one", async () => {
    const { privateKey } = await generateKeyPair("EdDSA");
    const { kid } = decodeProtectedHeader(approved.token);
    const now = Math.floor(Date.now() / 1000);
    const claims = { approval_id: approved.id, request_id: approved.requestId, decision: "approved", paramsHash: approved.paramsHash };
    const forged = await new SignJWT(claims).setProtectedHeader({ alg: "EdDSA", kid, typ: TOKEN_TYPE }).setSubject(approved.id).setAudience(gw.gatewayId).setIssuedAt(now).setExpirationTime(now + 300).sign(privateKey);
    await expect(verifyApprovalToken({ token: forged, keys: keys(), expected: expected() })).rejects.toThrow(/ERR_JWS_SIGNATURE_VERIFICATION_FAILED/);
    const header = Buffer.from(JSON.stringify({ alg: "none", typ: TOKEN_TYPE })).toString("base64url");
    const body = Buffer.from(JSON.stringify({ ...claims, sub: approved.id, aud: gw.gatewayId, iat: now, exp: now + 300 })).toString("base64url");
    await expect(verifyApprovalToken({ token: `${header}.${body}.`, keys: keys(), expected: expected() })).rejects.toBeInstanceOf(ApprovalTokenError);
  });

  it("refuses Warden's own token for a denied decision", async () => {
    const { id, body } = await requestApproval(gw.apiKey);
    await decide(reviewer, id, "deny", "no");
    const res = GatewayApprovalResponse.parse((await gatewayApi(`/approvals/${id}`, gw.apiKey)).json);
    await expect(verifyApprovalToken({ token: res.token!, keys: keys(), expected: { approvalId: id, requestId: body.requestId, paramsHash: body.paramsHash, audience: gw.gatewayId } })).rejects.toThrow(/decision is denied/);
  });

  it("keys that cannot be fetched are Warden being unavailable, not a bad token", async () => {
    const unreachable = createRemoteJWKSet(new URL(`${await deadUrl()}/api/v1/jwks.json`));
    await expect(verifyApprovalToken({ token: approved.token, keys: unreachable, expected: expected() })).rejects.toBeInstanceOf(WardenUnavailableError);
  });
});

describe("call chain with Warden: budgets", () => {
  it("a call that would pass a hard budget is refused by the dry run before anyone is asked, naming the budget", async () => {
    const userId = uniq("spender");
    const budget = await createTestBudget({ scope: "user", scopeValue: userId, limitUsd: 1, name: uniq("tight-budget") });
    await ruleFor("get-sum");
    const { chain, spool } = await makeChain({ apiKey: gw.apiKey, config: { tools: { "everything/get-sum": { costPerCallUsd: 5 } } } });
    const { forward, runs } = counted();
    const call = makeCall({ tool: "get-sum", params: { a: 1, b: 2 }, identity: { userId, source: "jwt" } });
    const result = await chain(call, forward);
    expect(result).toMatchObject({ isError: true });
    expect(textOf(result)).toContain(`Budget "${budget.name}"`);
    expect(runs).toHaveLength(0);
    expect(await db().approval.count({ where: { gatewayId: gw.gatewayId, requestId: call.id } })).toBe(0);
    expect((await spooledEvents(spool)).get(call.id)).toMatchObject({ status: "blocked", errorType: "budget_exceeded", riskFlags: ["budget_exceeded"] });
    expect((await currentPeriodRow(budget.id)).reserved).toBe(0);
  });

  it("Warden's central tool settings override the gateway config's (cost, timeout, rate limit)", async () => {
    const server = uniq("srv");
    await setToolSetting({ input: { server, tool: "lookup", costPerCallUsd: "0.5", timeoutMs: 250, rateLimitPerMinute: 1 }, actor: { email: "tests" } });
    const userId = uniq("spender");
    await createTestBudget({ scope: "user", scopeValue: userId, limitUsd: 10 });
    const { chain, spool } = await makeChain({ apiKey: gw.apiKey, config: { tools: { [`${server}/lookup`]: { costPerCallUsd: 9, timeoutMs: 60_000, rateLimitPerMinute: 100 } } } });
    const slow: Forward = (_call, { signal }) => new Promise((_, reject) => signal.addEventListener("abort", () => reject(signal.reason), { once: true }));
    const first = makeCall({ server, tool: "lookup", identity: { userId, source: "jwt" } });
    expect(textOf(await chain(first, slow))).toMatch(/timed out after 250 ms/);
    const second = makeCall({ server, tool: "lookup", identity: { userId, source: "jwt" } });
    expect(textOf(await chain(second, slow))).toMatch(/1 calls per minute/);
    const events = await spooledEvents(spool);
    expect(events.get(first.id)).toMatchObject({ status: "timeout", costUsd: 0.5 });
    expect(events.get(second.id)).toMatchObject({ status: "blocked", errorType: "rate_limited" });
  });

  it("a call with a cost reserves it after the checks; the event carries the reservation and the actual cost", async () => {
    const userId = uniq("spender");
    const budget = await createTestBudget({ scope: "user", scopeValue: userId, limitUsd: 10 });
    const { chain, spool } = await makeChain({ apiKey: gw.apiKey, config: { tools: { "everything/*": { costPerCallUsd: 0.25 } } } });
    const call = makeCall({ identity: { userId, source: "static-token" }, params: { message: "paid" } });
    expect(textOf(await chain(call, upstream.forward))).toContain("paid");
    const stored = (await spooledEvents(spool)).get(call.id)!;
    expect(stored).toMatchObject({ status: "ok", costUsd: 0.25, reservationId: expect.any(String) });
    const reservation = await db().reservation.findUniqueOrThrow({ where: { id: stored.reservationId! } });
    expect(reservation).toMatchObject({ gatewayId: gw.gatewayId, userId, server: "everything", tool: "echo", status: "active" });
    expect((await currentPeriodRow(budget.id)).reserved).toBe(0.25);
    expect(stored.decisions!.map((d) => `${d.stage}:${d.outcome}`)).toEqual(expect.arrayContaining(["budget:allow", "reservation:allow"]));
  });

  it("a reservation is released when the call does not run (the client went away before forwarding)", async () => {
    const userId = uniq("spender");
    const budget = await createTestBudget({ scope: "user", scopeValue: userId, limitUsd: 10 });
    const ac = new AbortController();
    const { chain, spool } = await makeChain({
      apiKey: gw.apiKey,
      config: { tools: { "everything/echo": { costPerCallUsd: 1 } } },
      // The client disconnects the moment Warden has reserved the cost.
      wrapWarden: (api) => ({
        ...api,
        authorizeSpend: async (body, signal) => {
          const answer = await api.authorizeSpend(body, signal);
          if (!body.dryRun) ac.abort(new Error("client disconnected"));
          return answer;
        },
      }),
    });
    const { forward, runs } = counted();
    const call = makeCall({ identity: { userId, source: "jwt" }, signal: ac.signal });
    await expect(chain(call, forward)).rejects.toThrow("client disconnected");
    expect(runs).toHaveLength(0);
    const reservation = await waitFor(() => db().reservation.findFirst({ where: { gatewayId: gw.gatewayId, userId, status: "released" } }), 20_000, "the released reservation");
    expect(reservation.status).toBe("released");
    expect((await currentPeriodRow(budget.id)).reserved).toBe(0);
    const stored = (await spooledEvents(spool)).get(call.id)!;
    expect(stored).toMatchObject({ status: "error", errorType: "cancelled" });
    expect(stored.reservationId ?? null).toBeNull();
    expect(stored.costUsd ?? null).toBeNull();
  });
});

describe("call chain with Warden unreachable", () => {
  it("a call that needs an approval fails closed with a clear message (warden_unavailable)", async () => {
    const tool = uniq("rm_rf");
    await ruleFor(tool);
    const { policy } = await startPolicy({ apiKey: gw.apiKey });
    const { chain, spool } = await makeChain({ apiKey: gw.apiKey, policy, wardenUrl: await deadUrl() });
    const { forward, runs } = counted();
    const call = makeCall({ tool, params: {} });
    const result = await chain(call, forward);
    expect(result).toMatchObject({ isError: true });
    expect(textOf(result)).toMatch(/needs a person's approval.*unreachable/);
    expect(runs).toHaveLength(0);
    expect((await spooledEvents(spool)).get(call.id)).toMatchObject({ status: "blocked", errorType: "warden_unavailable" });
  });

  it("a call with a cost under a hard budget fails closed; one under no hard budget runs", async () => {
    const userId = uniq("spender");
    await createTestBudget({ scope: "user", scopeValue: userId, limitUsd: 10, mode: "hard" });
    const { policy: real } = await startPolicy({ apiKey: gw.apiKey });
    // Warden's policy as served, with only this test's budgets (parallel test files create global ones).
    const policy = { ...real, current: () => {
      const s = real.current()!;
      return { ...s, policy: { ...s.policy, budgets: s.policy.budgets.filter((b) => (b as { scopeValue?: string }).scopeValue === userId) } };
    } };
    const { chain, spool } = await makeChain({ apiKey: gw.apiKey, policy, wardenUrl: await deadUrl(), config: { tools: { "everything/echo": { costPerCallUsd: 0.5 } } } });
    const { forward, runs } = counted();
    const underBudget = makeCall({ identity: { userId, source: "jwt" } });
    expect(await chain(underBudget, forward)).toMatchObject({ isError: true });
    expect(runs).toHaveLength(0);
    const free = makeCall({ identity: { userId: uniq("nobudget"), source: "jwt" } });
    const freeResult = await chain(free, forward);
    expect(textOf(freeResult)).toBe("ran echo");
    expect(runs).toHaveLength(1);
    const events = await spooledEvents(spool);
    expect(events.get(underBudget.id)).toMatchObject({ status: "blocked", errorType: "warden_unavailable" });
    expect(events.get(free.id)!.decisions!.find((d) => d.stage === "budget")).toMatchObject({ outcome: "skip" });
  });
});
