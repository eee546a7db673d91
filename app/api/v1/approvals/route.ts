import { withApiKey } from "@/lib/gateways/with-api-key";
import { readJsonBody } from "@/lib/http/read-body";
import { CreateApprovalBody } from "@/lib/approvals/schema";
import { createApproval } from "@/lib/approvals/create-approval";

// POST /api/v1/approvals — hold a call for a person: 201 when new, 200 with the same approval for a known requestId.
export const POST = withApiKey({ scope: "approvals:write" }, async ({ req, gateway }) => {
  const input = CreateApprovalBody.parse(await readJsonBody(req));
  const { created, approval } = await createApproval({ gatewayId: gateway.gatewayId, gatewayName: gateway.gatewayName, input });
  return Response.json(approval, { status: created ? 201 : 200 });
});
