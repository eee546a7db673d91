import { describe, expect, it } from "vitest";
import { dropExpiredApprovalParams } from "../../lib/approvals/drop-expired-approval-params";
import { hashParams } from "../../lib/approvals/hash-params";
import { GatewayApprovalResponse } from "../../lib/approvals/schema";
import { db } from "../../lib/db";
import { createSignedInUser } from "../support/factories";
import { createTestGateway, gatewayApi } from "../support/gateways";
import { api } from "../support/http";
import { decide, requestApproval } from "./approval-factory";

// Full params with secrets in them, as a gateway must now send them (the hash covers the full values).
const secretParams = () => ({
  command: "deploy --env prod",
  env: { AWS_ACCESS_KEY_ID: "AKIAIOSFODNN7EXAMPLE", DATABASE_URL: "postgres://app:s3cr3t-pw@db.internal:5432/prod" },
  headers: { Authorization: "Bearer 8f3a9c2e1b7d4f6a0c5e9d1b", "X-Request": "abc" },
  password: "hunter2",
  note: "use ghp_16C7e42F292c6912E7710c838347Ae178B4a for the clone",
});
const SECRETS = ["AKIAIOSFODNN7EXAMPLE", "s3cr3t-pw", "8f3a9c2e1b7d4f6a0c5e9d1b", "hunter2", "ghp_16C7e42F292c6912E7710c838347Ae178B4a"];

const stored = (id: string) => db().approval.findUniqueOrThrow({ where: { id } });

function expectMasked(value: unknown) {
  const text = JSON.stringify(value);
  for (const s of SECRETS) expect(text).not.toContain(s);
  expect(value).toMatchObject({
    command: "deploy --env prod",
    env: { AWS_ACCESS_KEY_ID: "[masked secret: AWS access key id]", DATABASE_URL: "postgres://app:[masked secret: password in URL]@db.internal:5432/prod" },
    headers: { Authorization: '[masked secret: value of "Authorization"]', "X-Request": "abc" },
    password: '[masked secret: value of "password"]',
    note: "use [masked secret: GitHub token] for the clone",
  });
}

describe("what reviewers see of params: secrets masked, full values only while pending", () => {
  it("GET /api/approvals/{id} shows the params with detected secrets masked as masks; Warden keeps the full params only while pending", async () => {
    const gw = await createTestGateway();
    const reviewer = await createSignedInUser({ roles: ["reviewer"] });
    const params = secretParams();
    const { id } = await requestApproval(gw.apiKey, { params });
    const res = await api(`/api/approvals/${id}`, { session: reviewer });
    expect(res.status).toBe(200);
    expectMasked(res.json.approval.params);
    expect(res.json.approval).toMatchObject({ paramsHash: hashParams(params), paramsRedactedAt: null });
    // Reviewers' list and live views carry no params at all.
    const queue = await api(`/api/approvals?view=queue&userId=alice@example.com`, { session: reviewer });
    for (const s of SECRETS) expect(queue.text).not.toContain(s);
    // Stored: the full params (the gateway's call runs them) beside the masked copy.
    const row = await stored(id);
    expect(row.params).toEqual(params);
    expectMasked(row.paramsMasked);
  });

  it("deciding (approve, deny), expiring and cancelling redact the stored params in place: the masked copy, hash and decision stay", async () => {
    const gw = await createTestGateway();
    const reviewer = await createSignedInUser({ roles: ["reviewer"] });
    const params = secretParams();
    const approved = await requestApproval(gw.apiKey, { params });
    const denied = await requestApproval(gw.apiKey, { params });
    const expired = await requestApproval(gw.apiKey, { params });
    const cancelled = await requestApproval(gw.apiKey, { params });
    expect((await decide(reviewer, approved.id, "approve", "ok")).json.status).toBe("approved");
    expect((await decide(reviewer, denied.id, "deny", "no")).json.status).toBe("denied");
    await db().approval.update({ where: { id: expired.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    expect(GatewayApprovalResponse.parse((await gatewayApi(`/approvals/${expired.id}`, gw.apiKey)).json).status).toBe("expired");
    expect((await gatewayApi(`/approvals/${cancelled.id}/cancel`, gw.apiKey, { method: "POST" })).status).toBe(200);

    for (const [{ id }, status] of [[approved, "approved"], [denied, "denied"], [expired, "expired"], [cancelled, "cancelled"]] as const) {
      const row = await stored(id);
      expect(row.status).toBe(status);
      expectMasked(row.params);
      expect(row.params).toEqual(row.paramsMasked);
      expect(row.paramsHash).toBe(hashParams(params));
      expect(row.paramsRedactedAt).not.toBeNull();
      const view = await api(`/api/approvals/${id}`, { session: reviewer });
      expectMasked(view.json.approval.params);
      expect(view.json.approval.paramsRedactedAt).not.toBeNull();
      // What the gateway gets back never carried params; its token still names the hash of the full params.
      const gwView = await gatewayApi(`/approvals/${id}`, gw.apiKey);
      expect(gwView.json).not.toHaveProperty("params");
      const claims = JSON.parse(Buffer.from(gwView.json.token.split(".")[1], "base64url").toString());
      expect(claims.paramsHash).toBe(hashParams(params));
    }
    expect(await db().approvalVote.count({ where: { approvalId: { in: [approved.id, denied.id] } } })).toBe(2);
  });

  it("retention: decided approvals older than WARDEN_RETENTION_DAYS keep their decision record but drop their params; pending and recent ones keep theirs", async () => {
    const gw = await createTestGateway();
    const reviewer = await createSignedInUser({ roles: ["reviewer"] });
    const params = secretParams();
    const old = await requestApproval(gw.apiKey, { params });
    const recent = await requestApproval(gw.apiKey, { params });
    const oldPending = await requestApproval(gw.apiKey, { params, timeoutSeconds: 3600 });
    await decide(reviewer, old.id, "approve", "fine");
    await decide(reviewer, recent.id, "approve", "fine");
    const longAgo = new Date(Date.now() - 91 * 24 * 3600 * 1000);
    await db().approval.updateMany({ where: { id: { in: [old.id, oldPending.id] } }, data: { createdAt: longAgo } });

    // Not its count: the server's hourly retention job (approvals.params-retention, at :17) may have dropped
    // them first, and other files' old approvals would count too. The rows below are the contract.
    await dropExpiredApprovalParams({ retentionDays: 90 });

    const dropped = await stored(old.id);
    expect(dropped).toMatchObject({ status: "approved", params: null, paramsMasked: null, paramsHash: hashParams(params) });
    expect(dropped.decidedAt).not.toBeNull();
    expect(await db().approvalVote.count({ where: { approvalId: old.id } })).toBe(1);
    const view = await api(`/api/approvals/${old.id}`, { session: reviewer });
    expect(view.json.approval).toMatchObject({ status: "approved", params: null, approvals: 1 });
    expect((await stored(recent.id)).paramsMasked).not.toBeNull();
    expect((await stored(oldPending.id)).params).toEqual(params);
  });
});
