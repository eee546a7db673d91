import { withSession } from "@/lib/http/route";
import { RotateApiKeyBody } from "@/lib/gateways/schema";
import { rotateApiKey } from "@/lib/gateways/rotate-api-key";
import { publish } from "@/lib/realtime/publish";

// POST /api/gateways/{id}/keys/{keyId}/rotate — the replacement's plaintext is in this reply only.
export const POST = withSession({ permission: "gateways:write", body: RotateApiKeyBody }, async ({ body, params, actor }) => {
  const result = await rotateApiKey({ keyId: params.keyId, gatewayId: params.id, input: body, actor });
  publish("gateways", params.id);
  return Response.json(result, { headers: { "cache-control": "no-store" } });
});
