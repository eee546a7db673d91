import { createRemoteJWKSet, jwtVerify } from "jose";
import { describe, expect, it } from "vitest";
import { db } from "../../lib/db";
import { createSignedInUser, uniq } from "../support/factories";
import { createTestGateway, gatewayApi } from "../support/gateways";
import { api, baseUrl } from "../support/http";
import { createToolRule, requestApproval } from "./approval-factory";

const auditActions = async (id: string) =>
  (await db().auditLog.findMany({ where: { targetType: "approval", targetId: id }, orderBy: { seq: "asc" } })).map((a) => a.action);

describe("POST /api/approvals/decisions (batch)", () => {
  it("POST /api/approvals/decisions votes on each request one by one: each vote audited, each outcome signed for its gateway; only requests sharing tool and rule", async () => {
    const gw = await createTestGateway();
    const reviewer = await createSignedInUser({ roles: ["reviewer"] });
    const tool = uniq("refund");
    await createToolRule(gw.name, tool);
    const ids = [(await requestApproval(gw.apiKey, { tool })).id, (await requestApproval(gw.apiKey, { tool })).id, (await requestApproval(gw.apiKey, { tool })).id];
    const other = (await requestApproval(gw.apiKey)).id;

    const mixed = await api("/api/approvals/decisions", { session: reviewer, method: "POST", body: { ids: [ids[0], other], decision: "approve" } });
    expect(mixed.status).toBe(400);
    expect(mixed.json.error.issues).toEqual([expect.objectContaining({ path: "ids" })]);
    const noReason = await api("/api/approvals/decisions", { session: reviewer, method: "POST", body: { ids, decision: "deny" } });
    expect(noReason.status).toBe(400);
    expect(noReason.json.error.issues).toEqual([expect.objectContaining({ path: "comment" })]);
    for (const id of [...ids, other]) expect(await auditActions(id)).toEqual([]);

    const res = await api("/api/approvals/decisions", { session: reviewer, method: "POST", body: { ids, decision: "approve", comment: "routine refunds" } });
    expect(res.status).toBe(200);
    expect(res.json.results).toEqual(ids.map((id) => ({ id, status: "approved", approvals: 1 })));
    const jwks = createRemoteJWKSet(new URL(`${baseUrl()}/api/v1/jwks.json`));
    for (const id of ids) {
      const votes = await db().approvalVote.findMany({ where: { approvalId: id } });
      expect(votes).toEqual([expect.objectContaining({ reviewerId: reviewer.id, decision: "approve", comment: "routine refunds" })]);
      expect(await auditActions(id)).toEqual(["approval.vote.approve", "approval.approved"]);
      const polled = await gatewayApi(`/approvals/${id}`, gw.apiKey);
      expect(polled.json.status).toBe("approved");
      const { payload } = await jwtVerify(polled.json.token, jwks, { audience: gw.gatewayId, algorithms: ["EdDSA"] });
      expect(payload).toMatchObject({ sub: id, decision: "approved" });
    }

    // A second batch over decided requests reports each one's conflict, and decides nothing.
    const again = await api("/api/approvals/decisions", { session: reviewer, method: "POST", body: { ids: ids.slice(0, 2), decision: "deny", comment: "late" } });
    expect(again.status).toBe(200);
    expect(again.json.results).toEqual(ids.slice(0, 2).map((id) => ({ id, error: { code: "conflict", message: expect.any(String) } })));
    expect(await statusOf(other)).toBe("pending");
  });
});

const statusOf = async (id: string) => (await db().approval.findUniqueOrThrow({ where: { id } })).status;
