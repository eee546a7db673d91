import { withSession } from "@/lib/http/route";
import { MetricsQuery } from "@/lib/metrics/schema";
import { findRiskFlagSeries } from "@/lib/metrics/find-risk-flag-series";

// GET /api/metrics/risk-flags?range&from&to&gateway&server&tool&team&user
export const GET = withSession({ permission: "dashboard:read" }, async ({ query }) => findRiskFlagSeries(MetricsQuery.parse(Object.fromEntries(query))));
