import { withSession } from "@/lib/http/route";
import { CreateApiKeyBody } from "@/lib/gateways/schema";
import { createApiKey } from "@/lib/gateways/create-api-key";
import { publish } from "@/lib/realtime/publish";

// POST /api/gateways/{id}/keys — a new key; its plaintext is in this reply only.
export const POST = withSession({ permission: "gateways:write", body: CreateApiKeyBody }, async ({ body, params, actor }) => {
  const result = await createApiKey({ gatewayId: params.id, input: body, actor });
  publish("gateways", params.id);
  return Response.json(result, { status: 201, headers: { "cache-control": "no-store" } });
});
