import { withSession } from "@/lib/http/route";
import { revokeApiKey } from "@/lib/gateways/revoke-api-key";
import { publish } from "@/lib/realtime/publish";

// POST /api/gateways/{id}/keys/{keyId}/revoke
export const POST = withSession({ permission: "gateways:write" }, async ({ params, actor }) => {
  const key = await revokeApiKey({ keyId: params.keyId, gatewayId: params.id, actor });
  publish("gateways", params.id);
  return { key };
});
