import { withSession } from "@/lib/http/route";
import { GatewayHealthQuery } from "@/lib/metrics/schema";
import { findGatewayHealth } from "@/lib/metrics/find-gateway-health";

// GET /api/metrics/gateways?staleAfterSeconds=300
export const GET = withSession({ permission: "gateways:read" }, async ({ query }) => findGatewayHealth(GatewayHealthQuery.parse(Object.fromEntries(query))));
