import { withSession } from "@/lib/http/route";
import { SeriesQuery } from "@/lib/metrics/schema";
import { findErrorRateSeries } from "@/lib/metrics/find-error-rate-series";

// GET /api/metrics/error-rate?range&from&to&gateway&server&tool&team&user&compare
export const GET = withSession({ permission: "dashboard:read" }, async ({ query }) => findErrorRateSeries(SeriesQuery.parse(Object.fromEntries(query))));
