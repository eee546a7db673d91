import { withSession } from "@/lib/http/route";
import { UpdateApiKeyScopesBody } from "@/lib/gateways/schema";
import { updateApiKeyScopes } from "@/lib/gateways/update-api-key-scopes";
import { publish } from "@/lib/realtime/publish";

// PATCH /api/gateways/{id}/keys/{keyId} — replaces the key's scopes (admins: gateways:write).
export const PATCH = withSession({ permission: "gateways:write", body: UpdateApiKeyScopesBody }, async ({ body, params, actor }) => {
  const key = await updateApiKeyScopes({ keyId: params.keyId, gatewayId: params.id, input: body, actor });
  publish("gateways", params.id);
  return { key };
});
