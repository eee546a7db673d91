import "server-only";
import { db } from "../db";
import { ApiError } from "../http/errors";
import { recordAudit } from "../audit/record-audit";
import { publish } from "../realtime/publish";
import { notifyApprovalChange } from "./approval-changes";
import { getGatewayApproval, type GatewayApproval } from "./get-gateway-approval";

/**
 * POST /api/v1/approvals/{id}/cancel: the gateway withdraws its own pending request (a conditional update
 * scoped to the gateway: another gateway's approval is "not found"). Cancelling again is a no-op; a request
 * already decided otherwise stays as it was (409).
 */
export async function cancelApproval(opts: { id: string; gatewayId: string; gatewayName: string }): Promise<GatewayApproval> {
  const current = await getGatewayApproval(opts); // 404 when not this gateway's; expires it when past due
  if (current.status === "cancelled") return current;
  if (current.status !== "pending") throw new ApiError("conflict", `This request was already decided (${current.status}).`);
  const changed = await db().$transaction(async (tx) => {
    const res = await tx.approval.updateMany({
      where: { id: opts.id, gatewayId: opts.gatewayId, status: "pending", expiresAt: { gt: new Date() } },
      data: { status: "cancelled", decidedAt: new Date() },
    });
    if (res.count !== 1) return false;
    await recordAudit(tx, {
      actor: { email: `gateway:${opts.gatewayName}` },
      action: "approval.cancel",
      targetType: "approval",
      targetId: opts.id,
      before: { status: "pending" },
      after: { status: "cancelled" },
    });
    await notifyApprovalChange(tx, opts.id);
    return true;
  });
  const after = await getGatewayApproval(opts);
  if (!changed && after.status !== "cancelled") throw new ApiError("conflict", `This request was already decided (${after.status}).`);
  publish("approvals", opts.id);
  return after;
}
