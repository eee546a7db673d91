import { withSession } from "@/lib/http/route";
import { MetricsQuery } from "@/lib/metrics/schema";
import { findTopTools } from "@/lib/metrics/find-top-tools";

// GET /api/metrics/top-tools?range&from&to&gateway&server&tool&team&user
export const GET = withSession({ permission: "dashboard:read" }, async ({ query }) => findTopTools(MetricsQuery.parse(Object.fromEntries(query))));
