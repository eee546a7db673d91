import { withSession } from "@/lib/http/route";
import { MetricsQuery } from "@/lib/metrics/schema";
import { findCallsSeries } from "@/lib/metrics/find-calls-series";

// GET /api/metrics/calls?range&from&to&gateway&server&tool&team&user
export const GET = withSession({ permission: "dashboard:read" }, async ({ query }) => findCallsSeries(MetricsQuery.parse(Object.fromEntries(query))));
