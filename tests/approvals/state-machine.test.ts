import { describe, expect, it } from "vitest";
import { db } from "../../lib/db";
import { GatewayApprovalResponse } from "../../lib/approvals/schema";
import { createSignedInUser, uniq } from "../support/factories";
import { createTestGateway, gatewayApi } from "../support/gateways";
import { api } from "../support/http";
import { createToolRule, decide, requestApproval } from "./approval-factory";

const statusOf = async (id: string) => (await db().approval.findUniqueOrThrow({ where: { id } })).status;
const auditActions = async (id: string) =>
  (await db().auditLog.findMany({ where: { targetType: "approval", targetId: id }, orderBy: { seq: "asc" } })).map((a) => a.action);

describe("the rules of deciding", () => {
  it("POST /api/approvals/{id}/decision approves with one reviewer by default and audits vote and outcome", async () => {
    const gw = await createTestGateway();
    const reviewer = await createSignedInUser({ roles: ["reviewer"] });
    const { id } = await requestApproval(gw.apiKey);
    const res = await decide(reviewer, id, "approve", "looks fine");
    expect(res.status).toBe(200);
    expect(res.json).toEqual({ status: "approved", approvals: 1 });
    expect(await statusOf(id)).toBe("approved");
    expect(await auditActions(id)).toEqual(["approval.vote.approve", "approval.approved"]);
    const view = GatewayApprovalResponse.parse((await gatewayApi(`/approvals/${id}`, gw.apiKey)).json);
    expect(view.decision.votes).toEqual([expect.objectContaining({ reviewer: reviewer.email, decision: "approve", comment: "looks fine" })]);
    expect(view.decision.decidedAt).not.toBeNull();
  });

  it("N-of-M: stays pending until the Nth distinct approval; a second vote by the same reviewer is refused", async () => {
    const gw = await createTestGateway();
    const tool = uniq("transfer");
    await createToolRule(gw.name, tool, { requiredApprovals: 2 });
    const [r1, r2] = [await createSignedInUser({ roles: ["reviewer"] }), await createSignedInUser({ roles: ["reviewer"] })];
    const { id } = await requestApproval(gw.apiKey, { tool });
    expect((await decide(r1, id, "approve")).json).toEqual({ status: "pending", approvals: 1 });
    const twice = await decide(r1, id, "approve");
    expect(twice.status).toBe(409);
    expect(twice.json.error.message).toMatch(/already voted/);
    expect(await statusOf(id)).toBe("pending");
    expect((await decide(r2, id, "approve")).json).toEqual({ status: "approved", approvals: 2 });
    expect(await db().approvalVote.count({ where: { approvalId: id } })).toBe(2);
  });

  it("N-of-M under concurrency: 2, 3 and 5 reviewers approving at the same moment approve a rule needing 2, 3 and 5, every vote counted", async () => {
    const gw = await createTestGateway();
    for (const n of [2, 3, 5]) {
      const tool = uniq(`wire_${n}`);
      await createToolRule(gw.name, tool, { requiredApprovals: n });
      const reviewers = await Promise.all(Array.from({ length: n }, () => createSignedInUser({ roles: ["reviewer"] })));
      for (let round = 0; round < 3; round++) {
        const { id } = await requestApproval(gw.apiKey, { tool });
        const results = await Promise.all(reviewers.map((r) => decide(r, id, "approve", "ok")));
        expect(results.map((r) => r.status)).toEqual(reviewers.map(() => 200));
        // Every vote saw the ones committed before it: the counts are 1…n, and the last one approved.
        expect(results.map((r) => r.json.approvals as number).sort((a, b) => a - b)).toEqual(Array.from({ length: n }, (_, i) => i + 1));
        expect(results.filter((r) => r.json.status === "approved")).toHaveLength(1);
        expect(await statusOf(id)).toBe("approved");
        expect(await db().approvalVote.count({ where: { approvalId: id } })).toBe(n);
        expect((await auditActions(id)).filter((a) => a === "approval.approved")).toHaveLength(1);
      }
    }
  });

  it("the first deny wins even after approvals, and a deny needs a reason", async () => {
    const gw = await createTestGateway();
    const tool = uniq("delete_repo");
    await createToolRule(gw.name, tool, { requiredApprovals: 3 });
    const [r1, r2] = [await createSignedInUser({ roles: ["reviewer"] }), await createSignedInUser({ roles: ["reviewer"] })];
    const { id } = await requestApproval(gw.apiKey, { tool });
    await decide(r1, id, "approve");
    const noReason = await decide(r2, id, "deny");
    expect(noReason.status).toBe(400);
    expect(noReason.json.error.issues[0].path).toBe("comment");
    const blank = await decide(r2, id, "deny", "   ");
    expect(blank.status).toBe(400);
    expect((await decide(r2, id, "deny", "wrong repository")).json).toEqual({ status: "denied", approvals: 1 });
    expect(await statusOf(id)).toBe("denied");
    expect(await auditActions(id)).toEqual(["approval.vote.approve", "approval.vote.deny", "approval.denied"]);
  });

  it("a rule requiring a comment refuses a bare approval", async () => {
    const gw = await createTestGateway();
    const tool = uniq("pay_invoice");
    await createToolRule(gw.name, tool, { requireCommentToApprove: true });
    const reviewer = await createSignedInUser({ roles: ["reviewer"] });
    const { id } = await requestApproval(gw.apiKey, { tool });
    expect((await decide(reviewer, id, "approve")).status).toBe(400);
    expect((await decide(reviewer, id, "approve", "invoice checked against PO-123")).json.status).toBe("approved");
  });

  it("self-approval is refused: a reviewer cannot approve a request whose userId is their email (denying stays allowed)", async () => {
    const gw = await createTestGateway();
    const reviewer = await createSignedInUser({ roles: ["reviewer"] });
    const { id } = await requestApproval(gw.apiKey, { userId: reviewer.email.toUpperCase() });
    const res = await decide(reviewer, id, "approve", "trust me");
    expect(res.status).toBe(403);
    expect(res.json.error.message).toMatch(/own request/);
    expect(await db().approvalVote.count({ where: { approvalId: id } })).toBe(0);
    expect((await decide(reviewer, id, "deny", "on second thought, no")).json.status).toBe("denied");
  });

  it("self-approval is refused under every look-alike of the reviewer's id: zero-width space, trailing dot, Name <email>, plus-addressing, case", async () => {
    const gw = await createTestGateway();
    const reviewer = await createSignedInUser({ roles: ["reviewer"] });
    const [local, domain] = reviewer.email.split("@");
    const disguises = [
      `${local}\u200b@${domain}`,
      `${reviewer.email}.`,
      `Some One <${reviewer.email}>`,
      `${local}+urgent@${domain}`,
      `\u202e${reviewer.email.toUpperCase()}\u202c`,
      `${reviewer.id.toUpperCase()}\u200b`,
      ` "Me" <${local}+x@${domain.toUpperCase()}.>\u2060`,
    ];
    for (const userId of disguises) {
      const { id } = await requestApproval(gw.apiKey, { userId });
      const detail = await api(`/api/approvals/${id}`, { session: reviewer });
      expect(detail.json.approval.viewer.ownRequest, JSON.stringify(userId)).toBe(true);
      const res = await decide(reviewer, id, "approve", "trust me");
      expect(res.status, JSON.stringify(userId)).toBe(403);
      expect(res.json.error.message).toMatch(/own request/);
      expect(await db().approvalVote.count({ where: { approvalId: id } })).toBe(0);
    }
    const other = await requestApproval(gw.apiKey, { userId: `${local}x@${domain}` });
    expect((await decide(reviewer, other.id, "approve", "someone else")).json.status).toBe("approved");
  });

  it("a reviewer team restriction refuses reviewers of other teams", async () => {
    const gw = await createTestGateway();
    const tool = uniq("rotate_keys");
    await createToolRule(gw.name, tool, { reviewerTeam: "security" });
    const outsider = await createSignedInUser({ roles: ["reviewer"], team: "marketing" });
    const insider = await createSignedInUser({ roles: ["reviewer"], team: "Security" });
    const { id } = await requestApproval(gw.apiKey, { tool });
    expect((await decide(outsider, id, "approve")).status).toBe(403);
    expect((await decide(insider, id, "approve")).json.status).toBe("approved");
  });

  it("a person without approvals:decide cannot vote", async () => {
    const gw = await createTestGateway();
    const security = await createSignedInUser({ roles: ["security"] });
    const { id } = await requestApproval(gw.apiKey);
    expect((await decide(security, id, "approve")).status).toBe(403);
  });

  it("approve vs deny from two sessions at the same moment: exactly one wins, the other gets 409 already decided", async () => {
    const gw = await createTestGateway();
    for (let round = 0; round < 5; round++) {
      const [r1, r2] = [await createSignedInUser({ roles: ["reviewer"] }), await createSignedInUser({ roles: ["reviewer"] })];
      const { id } = await requestApproval(gw.apiKey);
      const results = await Promise.all([decide(r1, id, "approve", "ok"), decide(r2, id, "deny", "no")]);
      const statuses = results.map((r) => r.status).sort();
      expect(statuses).toEqual([200, 409]);
      const loser = results.find((r) => r.status === 409)!;
      expect(loser.json.error.message).toMatch(/already decided/);
      const winner = results.find((r) => r.status === 200)!;
      expect(await statusOf(id)).toBe(winner.json.status);
      expect(await db().approvalVote.count({ where: { approvalId: id } })).toBe(1);
      const outcomes = (await auditActions(id)).filter((a) => a === "approval.approved" || a === "approval.denied");
      expect(outcomes).toHaveLength(1);
    }
  });

  it("decided requests never change: no vote, no cancel, no second outcome", async () => {
    const gw = await createTestGateway();
    const [r1, r2] = [await createSignedInUser({ roles: ["reviewer"] }), await createSignedInUser({ roles: ["reviewer"] })];
    const { id } = await requestApproval(gw.apiKey);
    await decide(r1, id, "deny", "not today");
    const before = await db().approval.findUniqueOrThrow({ where: { id } });
    expect((await decide(r2, id, "approve", "actually fine")).status).toBe(409);
    expect((await gatewayApi(`/approvals/${id}/cancel`, gw.apiKey, { method: "POST" })).status).toBe(409);
    const after = await db().approval.findUniqueOrThrow({ where: { id } });
    expect(after).toEqual(before);
    expect(await db().approvalVote.count({ where: { approvalId: id } })).toBe(1);
  });

  it("a request past its deadline is expired on read, refuses votes, and is stored as expired", async () => {
    const gw = await createTestGateway();
    const reviewer = await createSignedInUser({ roles: ["reviewer"] });
    const { id } = await requestApproval(gw.apiKey, { timeoutSeconds: 1 });
    // The long-poll wakes at the deadline itself and reports the request expired, with a signed token.
    const polled = await gatewayApi(`/approvals/${id}?wait=30`, gw.apiKey);
    expect(polled.json.status).toBe("expired");
    expect(polled.json.token).toEqual(expect.any(String));
    expect(await statusOf(id)).toBe("expired");
    const vote = await decide(reviewer, id, "approve", "too late");
    expect(vote.status).toBe(409);
    expect(await auditActions(id)).toEqual(["approval.expire"]);
  });

  it("the expiry sweep expires every overdue request, and the queue never lists one", async () => {
    const gw = await createTestGateway();
    const reviewer = await createSignedInUser({ roles: ["reviewer"] });
    const { id } = await requestApproval(gw.apiKey, { timeoutSeconds: 60 });
    await db().approval.update({ where: { id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    const queue = await api("/api/approvals?view=queue", { session: reviewer });
    expect(queue.json.approvals.map((a: { id: string }) => a.id)).not.toContain(id);
    expect(await statusOf(id)).toBe("expired");
    // …and the sweep also runs every minute on its own, as a scheduled job.
    const schedules = await db().$queryRaw<{ cron: string }[]>`SELECT cron FROM pgboss.schedule WHERE name = 'approvals.expire'`;
    expect(schedules).toEqual([{ cron: "* * * * *" }]);
  });
});
