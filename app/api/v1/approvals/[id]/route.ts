import { withApiKey } from "@/lib/gateways/with-api-key";
import { GetApprovalQuery } from "@/lib/approvals/schema";
import { waitForApproval } from "@/lib/approvals/wait-for-approval";
import { gatewayApprovalView } from "@/lib/approvals/gateway-approval-view";

export const dynamic = "force-dynamic";

// GET /api/v1/approvals/{id}?wait=N — the approval (this gateway's only), long-polling up to N ≤ 60 s while pending.
export const GET = withApiKey({ scope: "approvals:write" }, async ({ req, gateway, params, query }) => {
  const { wait } = GetApprovalQuery.parse(Object.fromEntries(query));
  const approval = await waitForApproval({ id: params.id, gatewayId: gateway.gatewayId, waitSeconds: wait, signal: req.signal });
  return Response.json(await gatewayApprovalView(approval), { headers: { "cache-control": "no-store" } });
});
