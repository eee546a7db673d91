import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { db } from "../../lib/db";
import { CreateApprovalResponse, GatewayApprovalResponse } from "../../lib/approvals/schema";
import { GetPolicyResponse } from "../../lib/policy/schema";
import { createTestGateway, gatewayApi } from "../support/gateways";
import { uniq } from "../support/factories";
import { hashParams } from "../../lib/approvals/hash-params";
import { createToolRule, makeApprovalRequest, requestApproval } from "./approval-factory";

describe("POST /api/v1/approvals", () => {
  it("POST /api/v1/approvals answers 201 pending with a deadline, and the same requestId again 200 with the same approval", async () => {
    const gw = await createTestGateway();
    const body = makeApprovalRequest({ timeoutSeconds: 120 });
    const first = await gatewayApi("/approvals", gw.apiKey, { body });
    expect(first.status).toBe(201);
    const created = CreateApprovalResponse.parse(first.json);
    expect(created.status).toBe("pending");
    const again = await gatewayApi("/approvals", gw.apiKey, { body });
    expect(again.status).toBe(200);
    expect(again.json).toEqual(created);
    const rows = await db().approval.findMany({ where: { gatewayId: gw.gatewayId, requestId: body.requestId } });
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ status: "pending", userId: "alice@example.com", userGoal: body.userGoal, paramsHash: body.paramsHash, requiredApprovals: 1, ruleId: null });
    const seconds = (rows[0].expiresAt.getTime() - rows[0].createdAt.getTime()) / 1000;
    expect(Math.round(seconds)).toBe(120);
  });

  it("POST /api/v1/approvals refuses a reused requestId for other params (409)", async () => {
    const gw = await createTestGateway();
    const body = makeApprovalRequest();
    expect((await gatewayApi("/approvals", gw.apiKey, { body })).status).toBe(201);
    const params = { to: "attacker@example.com" };
    const other = makeApprovalRequest({ ...body, params, paramsHash: hashParams(params) });
    const res = await gatewayApi("/approvals", gw.apiKey, { body: other });
    expect(res.status).toBe(409);
    expect(res.json.error.code).toBe("conflict");
  });

  it("POST /api/v1/approvals refuses a paramsHash that is not the RFC 8785 SHA-256 of the full params it sent (400 on paramsHash), and stores nothing", async () => {
    const gw = await createTestGateway();
    const full = { to: "cfo@example.com", subject: "Q3 numbers", body: "Revenue 12.4 M, see attached", amount: 1e21 };
    const cases = [
      // the hash of other params than those sent (e.g. redacted params shown, full params run)
      { params: { ...full, body: "[redacted]" }, paramsHash: hashParams(full) },
      // well-formed but wrong
      { params: full, paramsHash: "0".repeat(64) },
      // a naive hash over JSON.stringify (key order as sent) instead of the canonical form
      { params: { to: "y", subject: "x" }, paramsHash: createHash("sha256").update(JSON.stringify({ to: "y", subject: "x" })).digest("hex") },
    ];
    for (const c of cases) {
      const body = makeApprovalRequest(c);
      const res = await gatewayApi("/approvals", gw.apiKey, { body });
      expect(res.status).toBe(400);
      expect(res.json.error.code).toBe("invalid_request");
      expect(res.json.error.message).toMatch(/paramsHash/);
      expect(res.json.error.message).toMatch(/RFC 8785/);
      expect(res.json.error.issues).toEqual([expect.objectContaining({ path: "paramsHash", message: expect.stringContaining(hashParams(c.params)) })]);
      expect(await db().approval.count({ where: { gatewayId: gw.gatewayId, requestId: body.requestId } })).toBe(0);
    }
    // The same params in another key order have the same hash: canonical JSON, not the sender's text.
    const reordered = { amount: 1e21, body: full.body, subject: full.subject, to: full.to };
    expect((await gatewayApi("/approvals", gw.apiKey, { body: makeApprovalRequest({ params: reordered, paramsHash: hashParams(full) }) })).status).toBe(201);
    // Params are required: a hash of nothing cannot show reviewers what runs.
    const { params: _omitted, ...noParams } = makeApprovalRequest();
    const missing = await gatewayApi("/approvals", gw.apiKey, { body: noParams });
    expect(missing.status).toBe(400);
    expect(missing.json.error.issues.map((i: { path: string }) => i.path)).toEqual(["params"]);
  });

  it("POST /api/v1/approvals keys idempotency per gateway: two gateways may use the same requestId", async () => {
    const [a, b] = [await createTestGateway(), await createTestGateway()];
    const body = makeApprovalRequest();
    const ra = await gatewayApi("/approvals", a.apiKey, { body });
    const rb = await gatewayApi("/approvals", b.apiKey, { body });
    expect([ra.status, rb.status]).toEqual([201, 201]);
    expect(ra.json.id).not.toBe(rb.json.id);
  });

  it("POST /api/v1/approvals rejects an invalid request with every issue's path", async () => {
    const gw = await createTestGateway();
    const res = await gatewayApi("/approvals", gw.apiKey, { body: { ...makeApprovalRequest(), paramsHash: "nope", timeoutSeconds: 90_000, extra: 1 } });
    expect(res.status).toBe(400);
    const paths = res.json.error.issues.map((i: { path: string }) => i.path);
    expect(paths).toEqual(expect.arrayContaining(["paramsHash", "timeoutSeconds"]));
    expect(res.json.error.issues.length).toBeGreaterThanOrEqual(3);
  });

  it("POST /api/v1/approvals takes its terms from the first matching rule and caps the gateway's timeout at the rule's", async () => {
    const gw = await createTestGateway();
    const tool = uniq("wire_money");
    const rule = await createToolRule(gw.name, tool, { requiredApprovals: 2, timeoutSeconds: 60, requireCommentToApprove: true, reviewerTeam: "treasury", priority: 5 });
    await createToolRule(gw.name, tool, { requiredApprovals: 5, priority: 50 });
    const { id } = await requestApproval(gw.apiKey, { tool, timeoutSeconds: 3600 });
    const row = await db().approval.findUniqueOrThrow({ where: { id } });
    expect(row).toMatchObject({ ruleId: rule.id, requiredApprovals: 2, requireComment: true, reviewerTeam: "treasury" });
    expect(Math.round((row.expiresAt.getTime() - row.createdAt.getTime()) / 1000)).toBe(60);
  });

  it("POST /api/v1/approvals matches rules by cost threshold and risk flag", async () => {
    const gw = await createTestGateway();
    const tool = uniq("run_query");
    const costly = await createToolRule(gw.name, tool, { minCostUsd: 5, priority: 1 });
    const flagged = await createToolRule(gw.name, tool, { riskFlags: ["prompt_injection"], priority: 2, requiredApprovals: 2 });
    const cheap = await requestApproval(gw.apiKey, { tool, estimatedCostUsd: 1 });
    const dear = await requestApproval(gw.apiKey, { tool, estimatedCostUsd: 9 });
    const injected = await requestApproval(gw.apiKey, { tool, estimatedCostUsd: 1, riskFlags: ["prompt_injection"] });
    const rows = await db().approval.findMany({ where: { id: { in: [cheap.id, dear.id, injected.id] } } });
    const ruleOf = (id: string) => rows.find((r) => r.id === id)!.ruleId;
    expect([ruleOf(cheap.id), ruleOf(dear.id), ruleOf(injected.id)]).toEqual([null, costly.id, flagged.id]);
  });
});

describe("GET /api/v1/approvals/{id} and POST /api/v1/approvals/{id}/cancel", () => {
  it("GET /api/v1/approvals/{id} shows a pending approval without a token", async () => {
    const gw = await createTestGateway();
    const { id } = await requestApproval(gw.apiKey);
    const res = await gatewayApi(`/approvals/${id}`, gw.apiKey);
    expect(res.status).toBe(200);
    const view = GatewayApprovalResponse.parse(res.json);
    expect(view).toMatchObject({ id, status: "pending", token: null, decision: { requiredApprovals: 1, approvals: 0, decidedAt: null, votes: [] } });
  });

  it("GET and cancel of another gateway's approval answer 404 and change nothing", async () => {
    const [owner, other] = [await createTestGateway(), await createTestGateway()];
    const { id } = await requestApproval(owner.apiKey);
    expect((await gatewayApi(`/approvals/${id}`, other.apiKey)).status).toBe(404);
    expect((await gatewayApi(`/approvals/${id}?wait=1`, other.apiKey)).status).toBe(404);
    const cancel = await gatewayApi(`/approvals/${id}/cancel`, other.apiKey, { method: "POST" });
    expect(cancel.status).toBe(404);
    expect((await db().approval.findUniqueOrThrow({ where: { id } })).status).toBe("pending");
    expect((await gatewayApi(`/approvals/not-a-uuid`, owner.apiKey)).status).toBe(404);
  });

  it("GET /api/v1/approvals/{id} refuses a wait above 60 seconds", async () => {
    const gw = await createTestGateway();
    const { id } = await requestApproval(gw.apiKey);
    const res = await gatewayApi(`/approvals/${id}?wait=61`, gw.apiKey);
    expect(res.status).toBe(400);
    expect(res.json.error.issues[0].path).toBe("wait");
  });

  it("POST /api/v1/approvals/{id}/cancel withdraws a pending request, wakes its long-poll, and is idempotent", async () => {
    const gw = await createTestGateway();
    const { id } = await requestApproval(gw.apiKey);
    const poll = gatewayApi(`/approvals/${id}?wait=60`, gw.apiKey);
    const res = await gatewayApi(`/approvals/${id}/cancel`, gw.apiKey, { method: "POST" });
    expect(res.status).toBe(200);
    expect(GatewayApprovalResponse.parse(res.json).status).toBe("cancelled");
    expect(res.json.token).toEqual(expect.any(String));
    const polled = await poll;
    expect(polled.json.status).toBe("cancelled");
    expect((await gatewayApi(`/approvals/${id}/cancel`, gw.apiKey, { method: "POST" })).status).toBe(200);
    const audit = await db().auditLog.findMany({ where: { targetType: "approval", targetId: id } });
    expect(audit.map((a) => a.action)).toEqual(["approval.cancel"]);
  });
});

describe("GET /api/v1/policy", () => {
  it("GET /api/v1/policy lists the enabled rules that can apply to this gateway, with an ETag and 304 when unchanged", async () => {
    const gw = await createTestGateway();
    const other = await createTestGateway();
    const tool = uniq("drop_table");
    const mine = await createToolRule(gw.name, tool, { requiredApprovals: 2 });
    const theirs = await createToolRule(other.name, tool);
    const res = await gatewayApi("/policy", gw.apiKey);
    expect(res.status).toBe(200);
    const policy = GetPolicyResponse.parse(res.json);
    expect(policy.gatewayId).toBe(gw.gatewayId);
    const ids = policy.approvalRules.map((r) => r.id);
    expect(ids).toContain(mine.id);
    expect(ids).not.toContain(theirs.id);
    expect(policy.approvalRules.find((r) => r.id === mine.id)).toMatchObject({ toolPattern: tool, requiredApprovals: 2 });
    expect(JSON.stringify(policy)).not.toContain("webhook");
    const etag = res.headers.get("etag")!;
    expect(etag).toMatch(/^".+"$/);

    // Unchanged: 304. (Test files running at the same time change what every gateway's policy lists — tools
    // reported by their gateways, kill switches — so the pair is asked again when the policy did change
    // in between: then the second answer carries another ETag.)
    let same = await gatewayApi("/policy", gw.apiKey, { headers: { "if-none-match": etag } });
    for (let latest = etag; same.status === 200 && same.headers.get("etag") !== latest; ) {
      latest = same.headers.get("etag")!;
      same = await gatewayApi("/policy", gw.apiKey, { headers: { "if-none-match": latest } });
    }
    expect(same.status).toBe(304);
    expect(same.text).toBe("");

    await db().approvalRule.update({ where: { id: mine.id }, data: { enabled: false } });
    const changed = await gatewayApi("/policy", gw.apiKey, { headers: { "if-none-match": etag } });
    expect(changed.status).toBe(200);
    expect(changed.headers.get("etag")).not.toBe(etag);
    expect(GetPolicyResponse.parse(changed.json).approvalRules.map((r) => r.id)).not.toContain(mine.id);
  });

  it("GET /api/v1/policy needs the policy:read scope", async () => {
    const gw = await createTestGateway({ scopes: ["events:write"] });
    const res = await gatewayApi("/policy", gw.apiKey);
    expect(res.status).toBe(403);
  });
});
