import { describe, expect, it } from "vitest";
import { db } from "../../lib/db";
import { createSignedInUser, uniq } from "../support/factories";
import { createTestGateway, gatewayApi } from "../support/gateways";
import { api } from "../support/http";
import { makeEvent } from "../ingest/event-factory";
import { decide, requestApproval } from "./approval-factory";

describe("GET /api/approvals (queue and history)", () => {
  it("GET /api/approvals lists pending requests oldest first and the history with its vote trail and filters", async () => {
    const gw = await createTestGateway();
    const reviewer = await createSignedInUser({ roles: ["reviewer"] });
    const user = `${uniq("bob")}@example.com`;
    const first = await requestApproval(gw.apiKey, { userId: user });
    const second = await requestApproval(gw.apiKey, { userId: user });
    const queue = await api(`/api/approvals?view=queue&userId=${encodeURIComponent(user)}`, { session: reviewer });
    expect(queue.status).toBe(200);
    expect(queue.json.approvals.map((a: { id: string }) => a.id)).toEqual([first.id, second.id]);
    expect(queue.json.approvals[0]).toMatchObject({ gatewayName: gw.name, status: "pending", userId: user, requiredApprovals: 1, votes: [] });

    await decide(reviewer, first.id, "deny", "wrong recipient");
    const history = await api(`/api/approvals?view=history&userId=${encodeURIComponent(user)}&reviewer=${encodeURIComponent(reviewer.email)}`, { session: reviewer });
    expect(history.json.approvals).toHaveLength(1);
    expect(history.json.approvals[0]).toMatchObject({ id: first.id, status: "denied", votes: [expect.objectContaining({ reviewerEmail: reviewer.email, decision: "deny", comment: "wrong recipient" })] });
    const approvedOnly = await api(`/api/approvals?view=history&status=approved&userId=${encodeURIComponent(user)}`, { session: reviewer });
    expect(approvedOnly.json.approvals).toEqual([]);
    const queueAfter = await api(`/api/approvals?view=queue&userId=${encodeURIComponent(user)}`, { session: reviewer });
    expect(queueAfter.json.approvals.map((a: { id: string }) => a.id)).toEqual([second.id]);
  });

  it("GET /api/approvals rejects unknown filters", async () => {
    const reviewer = await createSignedInUser({ roles: ["reviewer"] });
    const res = await api("/api/approvals?view=everything", { session: reviewer });
    expect(res.status).toBe(400);
  });

  it("GET /api/approvals/{id} shows params, goal beside justification, the rule and the same user's recent calls", async () => {
    const gw = await createTestGateway();
    const reviewer = await createSignedInUser({ roles: ["reviewer"] });
    const user = `${uniq("carol")}@example.com`;
    const events = [makeEvent({ userId: user, tool: "list_files" }), makeEvent({ userId: user, tool: "read_file" })];
    expect((await gatewayApi("/events", gw.apiKey, { body: { events } })).status).toBe(200);
    const { id, body } = await requestApproval(gw.apiKey, { userId: user, params: { path: "/etc/passwd", note: "<script>alert(1)</script>" } });
    const res = await api(`/api/approvals/${id}`, { session: reviewer });
    expect(res.status).toBe(200);
    const a = res.json.approval;
    expect(a).toMatchObject({ id, params: { path: "/etc/passwd", note: "<script>alert(1)</script>" }, userGoal: body.userGoal, justification: body.justification, viewer: { ownRequest: false, alreadyVoted: false, teamAllowed: true } });
    expect(a.recentCalls.map((c: { tool: string }) => c.tool).sort()).toEqual(["list_files", "read_file"]);
    expect((await api(`/api/approvals/${crypto.randomUUID()}`, { session: reviewer })).status).toBe(404);
  });

  it("GET /api/approvals/count counts pending requests", async () => {
    const gw = await createTestGateway();
    const reviewer = await createSignedInUser({ roles: ["reviewer"] });
    await requestApproval(gw.apiKey);
    const res = await api("/api/approvals/count", { session: reviewer });
    expect(res.status).toBe(200);
    expect(res.json.pending).toBeGreaterThanOrEqual(1);
  });
});

describe("/api/approval-rules", () => {
  it("security creates, edits and deletes a rule (audited); a reviewer may read rules but not change them", async () => {
    // The receiver is on loopback: allowlisted for the test like an admin would (the address policy holds).
    await db().allowedWebhookHost.upsert({ where: { host: "127.0.0.1" }, create: { host: "127.0.0.1" }, update: {} });
    const security = await createSignedInUser({ roles: ["security"] });
    const reviewer = await createSignedInUser({ roles: ["reviewer"] });
    const name = uniq("Outbound email");
    const created = await api("/api/approval-rules", {
      session: security,
      method: "POST",
      body: { name, toolPattern: "send_*", gatewayPattern: uniq("gw-none"), requiredApprovals: 2, timeoutSeconds: 600, webhookUrl: "http://127.0.0.1:9/hooks/abc" },
    });
    expect(created.status).toBe(201);
    expect(created.json.webhookSecret).toMatch(/^whsec_/);
    const id = created.json.rule.id as string;
    expect(created.json.rule).toMatchObject({ name, requiredApprovals: 2, hasWebhookSecret: true });
    expect(created.json.rule).not.toHaveProperty("webhookSecret");

    const listed = await api("/api/approval-rules", { session: reviewer });
    expect(listed.json.rules.find((r: { id: string }) => r.id === id)).toMatchObject({ name, hasWebhookSecret: true });
    expect(JSON.stringify(listed.json)).not.toContain(created.json.webhookSecret);
    expect((await api("/api/approval-rules", { session: reviewer, method: "POST", body: { name: "x" } })).status).toBe(403);
    expect((await api(`/api/approval-rules/${id}`, { session: reviewer, method: "PATCH", body: { enabled: false } })).status).toBe(403);

    const patched = await api(`/api/approval-rules/${id}`, { session: security, method: "PATCH", body: { enabled: false, timeoutSeconds: 120 } });
    expect(patched.status).toBe(200);
    expect(patched.json.rule).toMatchObject({ enabled: false, timeoutSeconds: 120 });
    expect(patched.json.webhookSecret).toBeUndefined();
    const invalid = await api(`/api/approval-rules/${id}`, { session: security, method: "PATCH", body: { timeoutSeconds: 90_000, requiredApprovals: 0 } });
    expect(invalid.status).toBe(400);
    expect(invalid.json.error.issues.map((i: { path: string }) => i.path).sort()).toEqual(["requiredApprovals", "timeoutSeconds"]);

    expect((await api(`/api/approval-rules/${id}`, { session: security, method: "DELETE" })).status).toBe(200);
    expect(await db().approvalRule.findUnique({ where: { id } })).toBeNull();
    const audit = await db().auditLog.findMany({ where: { targetType: "approval_rule", targetId: id }, orderBy: { seq: "asc" } });
    expect(audit.map((a) => a.action)).toEqual(["approval_rule.create", "approval_rule.update", "approval_rule.delete"]);
    expect(JSON.stringify(audit.map((a) => [a.before, a.after]))).not.toContain(created.json.webhookSecret);
  });

  it("a rule's webhook URL must pass the webhook address policy when saved: private, metadata and loopback addresses are refused on webhookUrl", async () => {
    const security = await createSignedInUser({ roles: ["security"] });
    for (const webhookUrl of ["http://10.1.2.3/hook", "http://169.254.169.254/latest/meta-data", "http://localhost:9/hook"]) {
      const refused = await api("/api/approval-rules", { session: security, method: "POST", body: { name: uniq("hook"), gatewayPattern: uniq("gw-none"), webhookUrl } });
      expect(refused.status, webhookUrl).toBe(400);
      expect(refused.json.error.issues).toEqual([expect.objectContaining({ path: "webhookUrl" })]);
    }
    const ok = await api("/api/approval-rules", { session: security, method: "POST", body: { name: uniq("hook"), gatewayPattern: uniq("gw-none") } });
    expect(ok.status).toBe(201);
    const patched = await api(`/api/approval-rules/${ok.json.rule.id}`, { session: security, method: "PATCH", body: { webhookUrl: "http://10.1.2.3/hook" } });
    expect(patched.status).toBe(400);
    expect(patched.json.error.issues).toEqual([expect.objectContaining({ path: "webhookUrl" })]);
    expect((await db().approvalRule.findUniqueOrThrow({ where: { id: ok.json.rule.id } })).webhookUrl).toBeNull();
  });
});
