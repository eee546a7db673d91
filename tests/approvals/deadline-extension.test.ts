import { describe, expect, it } from "vitest";
import { db } from "../../lib/db";
import { expireApprovals } from "../../lib/approvals/expire-approvals";
import { ExtendApprovalResponse, GatewayApprovalResponse } from "../../lib/approvals/schema";
import { createSignedInUser } from "../support/factories";
import { createTestGateway, gatewayApi } from "../support/gateways";
import { api } from "../support/http";
import { decide, requestApproval } from "./approval-factory";

const extend = (session: Awaited<ReturnType<typeof createSignedInUser>>, id: string, body: unknown) =>
  api(`/api/approvals/${id}/extend`, { session, method: "POST", body });

describe("reviewer deadline extension", () => {
  it("POST /api/approvals/{id}/extend moves the deadline later; the gateway's long-poll answers the new expiresAt and the request is not expired at the old one", async () => {
    const gw = await createTestGateway();
    const reviewer = await createSignedInUser({ roles: ["reviewer"] });
    const { id } = await requestApproval(gw.apiKey, { timeoutSeconds: 20 });
    const created = await db().approval.findUniqueOrThrow({ where: { id } });

    // The gateway is waiting when the reviewer extends (once, with a reason). If its long-poll was already
    // listening it answers at once; if the extension committed first, its first read has the new deadline
    // and it answers at the end of its wait. Either way the gateway learns the new expiresAt.
    let answered: Awaited<ReturnType<typeof gatewayApi>> | undefined;
    const poll = gatewayApi(`/approvals/${id}?wait=15`, gw.apiKey).then((r) => (answered = r));
    const res = await extend(reviewer, id, { minutes: 30, reason: "The requester is confirming the amount" });
    expect(res.status, res.text).toBe(200);
    const extensions = [ExtendApprovalResponse.parse(res.json).expiresAt];
    await poll;
    expect(new Date(extensions[0]).getTime()).toBe(created.expiresAt.getTime() + 30 * 60_000);
    const extended = { expiresAt: extensions.at(-1)! };
    expect(answered!.status).toBe(200);
    const view = GatewayApprovalResponse.parse(answered!.json);
    expect(view.status).toBe("pending");
    expect(extensions).toContain(view.expiresAt);
    expect(new Date(view.expiresAt).getTime()).toBeGreaterThan(created.expiresAt.getTime());

    // Past the original deadline (the long-poll may have answered early): wait on the condition, then sweep.
    await expect.poll(() => Date.now() > created.expiresAt.getTime() + 500, { timeout: 30_000, interval: 200 }).toBe(true);
    expect(await expireApprovals({ ids: [id] })).toEqual([]);
    const later = await gatewayApi(`/approvals/${id}`, gw.apiKey);
    expect(later.json).toMatchObject({ status: "pending", expiresAt: extended.expiresAt });

    const audit = await db().auditLog.findFirst({ where: { targetId: id, action: "approval.extend" }, orderBy: { seq: "asc" } });
    expect(audit?.actorEmail).toBe(reviewer.email);
    expect(audit?.before).toEqual({ expiresAt: created.expiresAt.toISOString() });
    expect(audit?.after).toMatchObject({ expiresAt: extensions[0], minutes: 30, reason: "The requester is confirming the amount" });

    // Still decidable, and decided it can no longer be extended.
    expect((await decide(reviewer, id, "approve")).status).toBe(200);
    const again = await extend(reviewer, id, { minutes: 5, reason: "more" });
    expect(again.status).toBe(409);
  }, 90_000);

  it("the deadline never moves past 24 hours from now", async () => {
    const gw = await createTestGateway();
    const reviewer = await createSignedInUser({ roles: ["reviewer"] });
    const { id } = await requestApproval(gw.apiKey, { timeoutSeconds: 23 * 3600 });
    const first = await extend(reviewer, id, { minutes: 24 * 60, reason: "Overnight" });
    expect(first.status).toBe(200);
    expect(new Date(first.json.expiresAt).getTime()).toBeLessThanOrEqual(Date.now() + 24 * 3600_000);
    expect(new Date(first.json.expiresAt).getTime()).toBeGreaterThan(Date.now() + 23.9 * 3600_000);
  });

  it("refuses bad minutes (400 naming the field), an expired request (409), an unknown id (404) and roles without approvals:decide (403)", async () => {
    const gw = await createTestGateway();
    const reviewer = await createSignedInUser({ roles: ["reviewer"] });
    const { id } = await requestApproval(gw.apiKey, { timeoutSeconds: 300 });
    for (const body of [{ minutes: 0, reason: "r" }, { minutes: 24 * 60 + 1, reason: "r" }, { minutes: 1.5, reason: "r" }, { reason: "r" }]) {
      const res = await extend(reviewer, id, body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(JSON.stringify(res.json.error)).toContain("minutes");
    }
    expect((await extend(reviewer, "00000000-0000-4000-8000-000000000000", { minutes: 5, reason: "r" })).status).toBe(404);
    expect((await extend(reviewer, "nope", { minutes: 5, reason: "r" })).status).toBe(404);
    for (const role of ["security", "manager", "viewer"] as const) {
      const session = await createSignedInUser({ roles: [role] });
      expect((await extend(session, id, { minutes: 5, reason: "r" })).status).toBe(403);
    }
    await db().approval.update({ where: { id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    expect((await extend(reviewer, id, { minutes: 5, reason: "r" })).status).toBe(409);
    expect((await gatewayApi(`/approvals/${id}`, gw.apiKey)).json.status).toBe("expired");
  });
});

describe("identity source on approvals", () => {
  it("POST /api/v1/approvals stores identitySource; reviewers see it on the request (config = unverified)", async () => {
    const gw = await createTestGateway();
    const reviewer = await createSignedInUser({ roles: ["reviewer"] });
    for (const source of ["jwt", "static-token", "config"] as const) {
      const { id } = await requestApproval(gw.apiKey, { identitySource: source });
      const detail = await api(`/api/approvals/${id}`, { session: reviewer });
      expect(detail.status).toBe(200);
      expect(detail.json.approval.identitySource).toBe(source);
    }
    const { id } = await requestApproval(gw.apiKey);
    expect((await api(`/api/approvals/${id}`, { session: reviewer })).json.approval.identitySource).toBeNull();
  });

  it("POST /api/v1/approvals refuses an unknown identitySource, naming the field", async () => {
    const gw = await createTestGateway();
    await expect(requestApproval(gw.apiKey, { identitySource: "oauth" as never })).rejects.toThrow(/identitySource/);
  });
});
