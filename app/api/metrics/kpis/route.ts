import { withSession } from "@/lib/http/route";
import { MetricsQuery } from "@/lib/metrics/schema";
import { findKpis } from "@/lib/metrics/find-kpis";

// GET /api/metrics/kpis?range&from&to&gateway&server&tool&team&user
export const GET = withSession({ permission: "dashboard:read" }, async ({ query }) => findKpis(MetricsQuery.parse(Object.fromEntries(query))));
