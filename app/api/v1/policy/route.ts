import { withApiKey } from "@/lib/gateways/with-api-key";
import { etagMatches, getGatewayPolicy } from "@/lib/policy/get-gateway-policy";

export const dynamic = "force-dynamic";

// GET /api/v1/policy — approval rules, blocked tools and budgets this gateway must enforce; 304 on a matching If-None-Match.
export const GET = withApiKey({ scope: "policy:read" }, async ({ req, gateway }) => {
  const { policy, etag } = await getGatewayPolicy(gateway);
  const headers = { etag, "cache-control": "private, no-cache" };
  if (etagMatches(req.headers.get("if-none-match"), etag)) return new Response(null, { status: 304, headers });
  return Response.json(policy, { headers });
});
