import { withApiKey } from "@/lib/gateways/with-api-key";
import { cancelApproval } from "@/lib/approvals/cancel-approval";
import { gatewayApprovalView } from "@/lib/approvals/gateway-approval-view";

// POST /api/v1/approvals/{id}/cancel — withdraw a pending request (idempotent; 409 if decided otherwise).
export const POST = withApiKey({ scope: "approvals:write" }, async ({ gateway, params }) => {
  const approval = await cancelApproval({ id: params.id, gatewayId: gateway.gatewayId, gatewayName: gateway.gatewayName });
  return gatewayApprovalView(approval);
});
