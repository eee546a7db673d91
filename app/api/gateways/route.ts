import { withSession } from "@/lib/http/route";
import { CreateGatewayBody } from "@/lib/gateways/schema";
import { createGateway } from "@/lib/gateways/create-gateway";
import { findGateways } from "@/lib/gateways/find-gateways";
import { publish } from "@/lib/realtime/publish";

// GET /api/gateways
export const GET = withSession({ permission: "gateways:read" }, async () => ({ gateways: await findGateways() }));

// POST /api/gateways — registers a gateway with a first key; the key's plaintext is in this reply only.
export const POST = withSession({ permission: "gateways:write", body: CreateGatewayBody }, async ({ body, actor }) => {
  const result = await createGateway({ input: body, actor });
  publish("gateways", result.gatewayId);
  return Response.json(result, { status: 201, headers: { "cache-control": "no-store" } });
});
