import { withSession } from "@/lib/http/route";
import { SeriesQuery } from "@/lib/metrics/schema";
import { findRiskFlagSeries } from "@/lib/metrics/find-risk-flag-series";

// GET /api/metrics/risk-flags?range&from&to&gateway&server&tool&team&user&compare
export const GET = withSession({ permission: "dashboard:read" }, async ({ query }) => findRiskFlagSeries(SeriesQuery.parse(Object.fromEntries(query))));
