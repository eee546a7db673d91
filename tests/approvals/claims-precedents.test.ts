import { describe, expect, it } from "vitest";
import { db } from "../../lib/db";
import { expireApprovals } from "../../lib/approvals/expire-approvals";
import { FindPrecedentsResponse } from "../../lib/approvals/precedent-schema";
import { createSignedInUser, uniq } from "../support/factories";
import { createTestGateway } from "../support/gateways";
import { api } from "../support/http";
import { createToolRule, decide, requestApproval } from "./approval-factory";

// Issue 19: claim (item 10), precedent (item 5) and risky params (item 6) over real HTTP.

// The two tests share nothing (own gateway, users, tools): they run at the same time.
describe.concurrent("claims, precedents and risky params", () => {
  it("POST/DELETE /api/approvals/{id}/claim: advisory, shown in the queue and the detail, 409 on another's claim, 403 without approvals:decide, cleared when decided", async () => {
    const gw = await createTestGateway();
    const [alice, bob, security] = await Promise.all([createSignedInUser({ roles: ["reviewer"] }), createSignedInUser({ roles: ["reviewer"] }), createSignedInUser({ roles: ["security"] })]);
    const userId = `${uniq("req")}@example.com`;
    const { id } = await requestApproval(gw.apiKey, { userId });
    const claim = (who: typeof alice, method: "POST" | "DELETE", target = id) => api(`/api/approvals/${target}/claim`, { session: who, method });

    const claimed = await claim(alice, "POST");
    expect(claimed.status, claimed.text).toBe(200);
    expect(claimed.json.claim).toMatchObject({ reviewerId: alice.id, reviewerEmail: alice.email });
    const queue = await api(`/api/approvals?view=queue&userId=${encodeURIComponent(userId)}`, { session: bob });
    expect(queue.json.approvals[0].claim).toMatchObject({ reviewerEmail: alice.email, at: claimed.json.claim.at });
    expect((await api(`/api/approvals/${id}`, { session: bob })).json.approval.claim).toMatchObject({ reviewerEmail: alice.email });

    const taken = await claim(bob, "POST");
    expect(taken.status).toBe(409);
    expect(taken.json.error.message).toContain(alice.email);
    expect((await claim(bob, "DELETE")).status).toBe(409);
    expect((await claim(security, "POST")).status).toBe(403);
    expect((await claim(alice, "POST", "not-an-id")).status).toBe(404);
    expect((await claim(alice, "POST", "00000000-0000-4000-8000-000000000000")).status).toBe(404);

    // Unclaim, claim again; advisory: bob still decides it, and the claim is gone with the decision.
    expect((await claim(alice, "DELETE")).json).toEqual({ id, claim: null });
    expect((await claim(alice, "POST")).status).toBe(200);
    expect((await decide(bob, id, "approve")).json).toMatchObject({ status: "approved" });
    expect(await db().approval.findUniqueOrThrow({ where: { id }, select: { claimedById: true, claimedAt: true } })).toEqual({ claimedById: null, claimedAt: null });
    expect((await api(`/api/approvals/${id}`, { session: bob })).json.approval.claim).toBeNull();
    expect((await claim(alice, "POST")).status).toBe(409);
    const audit = await db().auditLog.findMany({ where: { targetId: id, action: { in: ["approval.claim", "approval.unclaim"] } }, orderBy: { seq: "asc" } });
    expect(audit.map((a) => a.action)).toEqual(["approval.claim", "approval.unclaim", "approval.claim"]);
  });

  it("GET /api/approvals/{id}/precedents: same tool, user or rule, decided, newest first, with reviewer and reason, in keyset pages; 4xx on bad input; risky params against the company domains", async () => {
    const [gw, reviewer, viewer, admin] = await Promise.all([
      createTestGateway(),
      createSignedInUser({ roles: ["reviewer"] }),
      createSignedInUser({ roles: ["viewer"] }),
      createSignedInUser({ roles: ["admin"] }),
    ]);
    const prefix = uniq("wire").replace(/-/g, "_");
    const [tool, sibling] = [`${prefix}_send`, `${prefix}_batch`];
    await createToolRule(gw.name, `${prefix}_*`);
    const user = `${uniq("dana")}@example.com`;
    const other = () => `${uniq("someone")}@example.com`;

    const sameTool = await requestApproval(gw.apiKey, { tool, server: "bank", userId: other() });
    await decide(reviewer, sameTool.id, "deny", "wrong account");
    const sameRule = await requestApproval(gw.apiKey, { tool: sibling, server: "bank", userId: other() });
    await decide(reviewer, sameRule.id, "approve", "payroll run");
    const sameUser = await requestApproval(gw.apiKey, { tool: uniq("lookup"), userId: user });
    await decide(reviewer, sameUser.id, "approve");
    const expired = await requestApproval(gw.apiKey, { tool: uniq("lookup"), userId: user, timeoutSeconds: 1 });
    await expect.poll(async () => (await expireApprovals({ ids: [expired.id] })).length + (await db().approval.count({ where: { id: expired.id, status: "expired" } })), { timeout: 20_000 }).toBeGreaterThan(0);
    const unrelated = await requestApproval(gw.apiKey, { tool: uniq("lookup"), userId: other() });
    await decide(reviewer, unrelated.id, "approve");
    const withdrawnLike = await requestApproval(gw.apiKey, { tool, server: "bank", userId: user }); // still pending: no precedent

    const subject = await requestApproval(gw.apiKey, { tool, server: "bank", userId: user, params: { to: "payee@gmail.com", cc: "ops@example.com", amount: 1250, memo: "see https://evil.test/x" } });
    const get = (q = "") => api(`/api/approvals/${subject.id}/precedents${q}`, { session: reviewer });

    const all = FindPrecedentsResponse.parse((await get("?limit=50")).json);
    const byId = new Map(all.precedents.map((p) => [p.id, p]));
    expect(new Set(byId.keys())).toEqual(new Set([sameTool.id, sameRule.id, sameUser.id, expired.id]));
    expect(byId.has(unrelated.id) || byId.has(withdrawnLike.id)).toBe(false);
    expect(byId.get(sameTool.id)).toMatchObject({ status: "denied", matches: ["tool", "rule"], votes: [{ reviewerEmail: reviewer.email, decision: "deny", comment: "wrong account" }] });
    expect(byId.get(sameRule.id)).toMatchObject({ status: "approved", matches: ["rule"], votes: [{ decision: "approve", comment: "payroll run" }] });
    expect(byId.get(sameUser.id)?.matches).toEqual(["user"]);
    expect(byId.get(expired.id)).toMatchObject({ status: "expired", matches: ["user"], votes: [] });
    const times = all.precedents.map((p) => Date.parse(p.decidedAt));
    expect(times).toEqual([...times].sort((a, b) => b - a));
    expect(all.nextCursor).toBeNull();

    // Keyset pages: 3 then 1, no overlap, same order as one page.
    const first = FindPrecedentsResponse.parse((await get("?limit=3")).json);
    expect(first.precedents).toHaveLength(3);
    expect(first.nextCursor).not.toBeNull();
    const second = FindPrecedentsResponse.parse((await get(`?limit=3&cursor=${encodeURIComponent(first.nextCursor!)}`)).json);
    expect([...first.precedents, ...second.precedents].map((p) => p.id)).toEqual(all.precedents.map((p) => p.id));
    expect(second.nextCursor).toBeNull();

    expect(FindPrecedentsResponse.parse((await get("?by=rule")).json).precedents.map((p) => p.id).sort()).toEqual([sameTool.id, sameRule.id].sort());
    expect(FindPrecedentsResponse.parse((await get("?by=user")).json).precedents.map((p) => p.id).sort()).toEqual([sameUser.id, expired.id].sort());

    for (const [q, field] of [["?limit=0", "limit"], ["?by=team", "by"], ["?cursor=yesterday", "cursor"], ["?cursor=2026-01-01T00:00:00.000Z_------------------------------------", "cursor"], ["?cursor=2026-13-45T99:00:00Z_00000000-0000-4000-8000-000000000000", "cursor"], ["?sort=asc", ""]] as const) {
      const bad = await get(q);
      expect(bad.status, q).toBe(400);
      expect(bad.json.error.code).toBe("invalid_request");
      if (field) expect(JSON.stringify(bad.json.error.issues)).toContain(field);
    }
    expect((await api(`/api/approvals/00000000-0000-4000-8000-000000000000/precedents`, { session: reviewer })).status).toBe(404);
    expect((await api(`/api/approvals/${subject.id}/precedents`, { session: viewer })).status).toBe(403);
    expect((await api(`/api/approvals/${subject.id}/risky-params`, { session: viewer })).status).toBe(403);

    // Risky params, against the company domains an admin sets (reviewers may read them, not change them).
    expect((await api("/api/settings/company-domains", { session: reviewer, method: "PUT", body: { domains: ["example.com"] } })).status).toBe(403);
    const badDomain = await api("/api/settings/company-domains", { session: admin, method: "PUT", body: { domains: ["https://example.com/"] } });
    expect(badDomain.status).toBe(400);
    expect(JSON.stringify(badDomain.json.error.issues)).toContain("domains");
    const before = (await api("/api/settings/company-domains", { session: reviewer })).json.domains as string[];
    const put = await api("/api/settings/company-domains", { session: admin, method: "PUT", body: { domains: [...before, "Example.COM"] } });
    expect(put.status, put.text).toBe(200);
    try {
      const risky = await api(`/api/approvals/${subject.id}/risky-params`, { session: reviewer });
      expect(risky.status).toBe(200);
      expect(risky.json.companyDomains).toContain("example.com");
      const kinds = (path: string) => risky.json.riskyParams.filter((f: { path: string }) => f.path === path).map((f: { kind: string }) => f.kind);
      expect(kinds("/to")).toEqual(["external_email"]);
      expect(kinds("/cc")).toEqual([]);
      expect(kinds("/amount")).toEqual(["money"]);
      expect(kinds("/memo")).toEqual(["external_url"]);
    } finally {
      await api("/api/settings/company-domains", { session: admin, method: "PUT", body: { domains: before } });
    }
  });
});
