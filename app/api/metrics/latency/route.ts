import { withSession } from "@/lib/http/route";
import { MetricsQuery } from "@/lib/metrics/schema";
import { findLatencySeries } from "@/lib/metrics/find-latency-series";

// GET /api/metrics/latency?range&from&to&gateway&server&tool&team&user
export const GET = withSession({ permission: "dashboard:read" }, async ({ query }) => findLatencySeries(MetricsQuery.parse(Object.fromEntries(query))));
