import { readFile, writeFile } from "node:fs/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { IngestEvent } from "../../lib/ingest/schema";
import type { Forward } from "../../lib/gateway/call";
import { CallRefusedError, STAGES } from "../../lib/gateway/chain/run-call";
import { createTestGateway } from "../support/gateways";
import { cleanupChains, deadUrl, makeCall, makeChain, openTestSpool, spooledEvents, startEverything, startPolicy, tempDir, textOf } from "./chain-support";

// The call chain with a real spool, a real policy from the test suite's Warden (or its disk copy) and
// server-everything over stdio: everything that needs no person and no budget.

let gw: Awaited<ReturnType<typeof createTestGateway>>;
let upstream: Awaited<ReturnType<typeof startEverything>>;
beforeAll(async () => {
  gw = await createTestGateway();
  upstream = await startEverything();
});
afterAll(cleanupChains);

const okForward: Forward = async () => ({ content: [{ type: "text", text: "ran" }] });

describe("call chain", () => {
  it("the chain's stages run in the documented order", () => {
    expect(STAGES.map((s) => s.name)).toEqual(["recordStage", "policyStage", "guardStage", "rateLimitStage", "budgetCheckStage", "approvalStage", "reservationStage", "outputStage", "forwardStage"]);
  });

  it("an allowed tools/call reaches server-everything and becomes one event with every stage's decision", async () => {
    const { chain, spool, events } = await makeChain({ apiKey: gw.apiKey });
    const call = makeCall({ params: { message: "through the gateway" } });
    const result = await chain(call, upstream.forward);
    expect(textOf(result)).toContain("through the gateway");
    const stored = (await spooledEvents(spool)).get(call.id)!;
    expect(stored).toMatchObject({
      id: call.id,
      timestamp: call.startedAt.toISOString(),
      userId: "alice@example.com",
      team: "finance",
      agent: "chain-test",
      sessionId: "s-1",
      server: "everything",
      tool: "echo",
      status: "ok",
      params: { message: "through the gateway" },
      identitySource: "config",
    });
    expect(stored.errorType ?? null).toBeNull();
    expect(stored.durationMs).toBeGreaterThanOrEqual(0);
    expect(stored.decisions!.map((d) => [d.stage, d.outcome])).toEqual([
      ["policy", "allow"],
      ["guards", "skip"],
      ["rate_limit", "skip"],
      ["budget", "skip"],
      ["approval", "skip"],
      ["reservation", "skip"],
      ["forward", "allow"],
      ["output", "skip"],
      ["record", "allow"],
    ]);
    // What the spool sends is a valid v1 event for Warden's own schema, decisions and identity source included.
    expect(IngestEvent.safeParse(stored).error).toBeUndefined();
    expect(events.map((e) => e.id)).toEqual([call.id]);
  });

  it("with no policy at all (Warden never reached, no disk copy) every call is refused, fail closed", async () => {
    const { policy } = await startPolicy({ apiKey: gw.apiKey, url: await deadUrl() });
    expect(policy.current()).toBeNull();
    expect(policy.ageSeconds()).toBeNull();
    const { chain, spool } = await makeChain({ apiKey: gw.apiKey, policy });
    let ran = 0;
    const call = makeCall();
    const result = (await chain(call, async () => ({ content: [], ran: ++ran }))) as { isError: boolean };
    expect(result.isError).toBe(true);
    expect(textOf(result)).toMatch(/no policy/);
    expect(ran).toBe(0);
    expect((await spooledEvents(spool)).get(call.id)).toMatchObject({ status: "blocked", errorType: "warden_unavailable" });
    // resources/read is no side door: refused too, as a JSON-RPC error.
    await expect(chain(makeCall({ method: "resources/read", tool: "resources/read", params: { uri: "demo://resource/static/document/architecture.md" } }), okForward)).rejects.toBeInstanceOf(CallRefusedError);
  });

  it("the policy's disk copy is written atomically, refreshed with If-None-Match (304), and enforced after a restart without Warden: a blocked tool is refused", async () => {
    const statuses: number[] = [];
    const counting: typeof fetch = async (input, init) => {
      const res = await fetch(input, init);
      statuses.push(res.status);
      return res;
    };
    const first = await startPolicy({ apiKey: gw.apiKey, fetch: counting });
    await first.policy.refresh();
    expect(statuses).toEqual([200, 304]);
    const onDisk = JSON.parse(await readFile(first.cacheFile, "utf8"));
    expect(onDisk).toMatchObject({ version: 1, etag: first.policy.current()!.etag, policy: { gatewayId: gw.gatewayId } });
    first.policy.close();

    // The copy names a blocked tool (Warden has no block rules to serve one yet); the gateway restarts while Warden is away.
    const fetchedAt = new Date(Date.now() - 90_000).toISOString();
    onDisk.policy.blockedTools = [{ serverPattern: "every*", toolPattern: "get-env", reason: "environment is secret" }];
    onDisk.fetchedAt = fetchedAt;
    await writeFile(first.cacheFile, JSON.stringify(onDisk));
    const restarted = await startPolicy({ apiKey: gw.apiKey, url: await deadUrl(), cacheFile: first.cacheFile });
    expect(restarted.policy.current()).toMatchObject({ source: "disk", etag: onDisk.etag });
    expect(restarted.policy.ageSeconds()).toBeGreaterThanOrEqual(90);

    const { chain, spool } = await makeChain({ apiKey: gw.apiKey, policy: restarted.policy });
    const blocked = makeCall({ tool: "get-env", params: {} });
    const refused = await chain(blocked, upstream.forward);
    expect(refused).toMatchObject({ isError: true });
    expect(textOf(refused)).toContain("environment is secret");
    const allowed = makeCall({ params: { message: "still enforced" } });
    expect(textOf(await chain(allowed, upstream.forward))).toContain("still enforced");
    const events = await spooledEvents(spool);
    expect(events.get(blocked.id)).toMatchObject({ status: "blocked", errorType: "policy_blocked", riskFlags: ["policy_blocked"] });
    expect(events.get(blocked.id)!.decisions![0]).toMatchObject({ stage: "policy", outcome: "deny" });
    expect(events.get(allowed.id)!.decisions![0].reason).toMatch(/from disk, \d+s old/);
  });

  it("a disk copy that is not valid is ignored (no policy: fail closed)", async () => {
    const cacheFile = `${await tempDir()}/policy.json`;
    await writeFile(cacheFile, "{ torn");
    const { policy } = await startPolicy({ apiKey: gw.apiKey, url: await deadUrl(), cacheFile });
    expect(policy.current()).toBeNull();
  });

  it("a tool's rate limit (per user) refuses the call past its bucket: MCP error result, status blocked, flag and errorType rate_limited", async () => {
    const { chain, spool } = await makeChain({ apiKey: gw.apiKey, config: { tools: { "everything/echo": { rateLimitPerMinute: 2 } } } });
    const calls = [makeCall(), makeCall(), makeCall()];
    const results = [];
    for (const c of calls) results.push(await chain(c, upstream.forward));
    expect(results.map((r) => (r as { isError?: boolean }).isError ?? false)).toEqual([false, false, true]);
    expect(textOf(results[2])).toMatch(/Rate limit reached for everything\/echo per user \(2 calls per minute\)/);
    const third = (await spooledEvents(spool)).get(calls[2].id)!;
    expect(third).toMatchObject({ status: "blocked", errorType: "rate_limited", riskFlags: ["rate_limited"] });
    // Another tool, and another user of the same tool, have their own buckets.
    expect((await chain(makeCall({ tool: "get-sum", params: { a: 1, b: 2 } }), upstream.forward)) as object).not.toHaveProperty("isError", true);
    expect((await chain(makeCall({ identity: { userId: "bob@example.com", source: "jwt" } }), upstream.forward)) as object).not.toHaveProperty("isError", true);
  });

  it("the per-user rate limit of the config applies across tools, per user", async () => {
    const { chain } = await makeChain({ apiKey: gw.apiKey, config: { rateLimits: { perUserPerMinute: 1 } } });
    expect(await chain(makeCall(), okForward)).not.toHaveProperty("isError");
    expect(await chain(makeCall({ tool: "get-sum" }), okForward)).toMatchObject({ isError: true });
    expect(await chain(makeCall({ identity: { userId: "bob@example.com", source: "jwt" } }), okForward)).not.toHaveProperty("isError");
  });

  it("a call past its timeout is cancelled upstream and answered with an error: status and errorType timeout", async () => {
    const { chain, spool } = await makeChain({ apiKey: gw.apiKey, config: { tools: { "everything/trigger-long-running-operation": { timeoutMs: 300 } } } });
    const call = makeCall({ tool: "trigger-long-running-operation", params: { duration: 30, steps: 3 } });
    const before = upstream.signals.length;
    const result = await chain(call, upstream.forward);
    expect(result).toMatchObject({ isError: true });
    expect(textOf(result)).toMatch(/timed out after 300 ms/);
    expect(upstream.signals[before].aborted).toBe(true);
    expect((await spooledEvents(spool)).get(call.id)).toMatchObject({ status: "timeout", errorType: "timeout" });
    // The upstream is still usable.
    expect(textOf(await chain(makeCall({ params: { message: "after" } }), upstream.forward))).toContain("after");
  });

  it("a client's cancellation aborts the upstream call; the event says cancelled", async () => {
    const { chain, spool } = await makeChain({ apiKey: gw.apiKey });
    const ac = new AbortController();
    const call = makeCall({ tool: "trigger-long-running-operation", params: { duration: 30, steps: 3 }, signal: ac.signal });
    const running = chain(call, upstream.forward);
    setTimeout(() => ac.abort(new Error("client went away")), 200);
    await expect(running).rejects.toThrow();
    expect((await spooledEvents(spool)).get(call.id)).toMatchObject({ status: "error", errorType: "cancelled" });
  });

  it("an upstream tool error is relayed as the tool's result: status error, errorType tool_error", async () => {
    const { chain, spool } = await makeChain({ apiKey: gw.apiKey });
    const call = makeCall({ tool: "no-such-tool", params: {} });
    const result = await chain(call, upstream.forward);
    expect(result).toMatchObject({ isError: true });
    expect(textOf(result)).toMatch(/no-such-tool not found/);
    expect((await spooledEvents(spool)).get(call.id)).toMatchObject({ status: "error", errorType: "tool_error" });
  });

  it("an upstream failure is re-thrown for the proxy to relay; the event says upstream_error", async () => {
    const { chain, spool } = await makeChain({ apiKey: gw.apiKey });
    const call = makeCall();
    await expect(chain(call, async () => Promise.reject(new Error("upstream crashed")))).rejects.toThrow("upstream crashed");
    const stored = (await spooledEvents(spool)).get(call.id)!;
    expect(stored).toMatchObject({ status: "error", errorType: "upstream_error" });
    expect(stored.decisions!.find((d) => d.stage === "forward")).toEqual({ stage: "forward", outcome: "error", reason: "upstream crashed" });
  });

  it("the output stage sees the upstream result, may rewrite it and add flags; a failing guard withholds the result", async () => {
    const { chain, spool } = await makeChain({
      apiKey: gw.apiKey,
      outputStage: async (_call, result) => ({ result: { content: [{ type: "text", text: `${textOf(result)} [checked]` }] }, flags: ["pii_redacted"] }),
    });
    const call = makeCall({ params: { message: "secret" } });
    expect(textOf(await chain(call, upstream.forward))).toMatch(/secret \[checked\]$/);
    const stored = (await spooledEvents(spool)).get(call.id)!;
    expect(stored.riskFlags).toEqual(["pii_redacted"]);
    expect(stored.decisions!.find((d) => d.stage === "output")).toEqual({ stage: "output", outcome: "modify", reason: "pii_redacted" });

    const failing = await makeChain({ apiKey: gw.apiKey, outputStage: async () => Promise.reject(new Error("scanner down")) });
    const call2 = makeCall();
    const withheld = await failing.chain(call2, upstream.forward);
    expect(withheld).toMatchObject({ isError: true });
    expect(textOf(withheld)).toContain("scanner down");
    expect((await spooledEvents(failing.spool)).get(call2.id)).toMatchObject({ status: "error", errorType: "output_guard_error" });
  });

  it("a full spool refuses new calls before they run (fail closed)", async () => {
    const spool = await openTestSpool({ capBytes: 4096 });
    const { chain } = await makeChain({ apiKey: gw.apiKey, spool });
    let ran = 0;
    const forward: Forward = async () => ({ content: [{ type: "text", text: String(++ran) }] });
    let refused: unknown = null;
    for (let i = 0; i < 200 && !refused; i++) {
      const r = await chain(makeCall({ params: { pad: "x".repeat(300) } }), forward);
      if ((r as { isError?: boolean }).isError) refused = r;
    }
    expect(refused).not.toBeNull();
    expect(textOf(refused)).toMatch(/spool is full/);
    const before = ran;
    expect(await chain(makeCall({ params: { pad: "x".repeat(300) } }), forward)).toMatchObject({ isError: true });
    expect(ran).toBe(before);
  });

  it("params too large for Warden's event are replaced by a marker on the event (the call still runs)", async () => {
    const { chain, spool } = await makeChain({ apiKey: gw.apiKey });
    const call = makeCall({ params: { message: "y".repeat(20_000) } });
    await chain(call, upstream.forward);
    expect((await spooledEvents(spool)).get(call.id)!.params).toEqual({ "warden/omitted": expect.stringMatching(/too large/) });
  });
});
