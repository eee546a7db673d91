import "server-only";
import type { GatewayApproval } from "./get-gateway-approval";
import type { GatewayApprovalResponse } from "./schema";
import { signApprovalToken } from "./sign-approval-token";

/** What the gateway sees: status, the vote trail, and for a decided approval a fresh signed token. */
export async function gatewayApprovalView(a: GatewayApproval): Promise<GatewayApprovalResponse> {
  return {
    id: a.id,
    status: a.status,
    expiresAt: a.expiresAt.toISOString(),
    decision: {
      requiredApprovals: a.requiredApprovals,
      approvals: a.votes.filter((v) => v.decision === "approve").length,
      decidedAt: a.decidedAt?.toISOString() ?? null,
      votes: a.votes.map((v) => ({ reviewer: v.reviewer, decision: v.decision === "deny" ? "deny" : "approve", comment: v.comment, at: v.at })),
    },
    token: a.status === "pending" ? null : await signApprovalToken(a),
  };
}
