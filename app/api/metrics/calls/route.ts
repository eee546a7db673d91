import { withSession } from "@/lib/http/route";
import { SeriesQuery } from "@/lib/metrics/schema";
import { findCallsSeries } from "@/lib/metrics/find-calls-series";

// GET /api/metrics/calls?range&from&to&gateway&server&tool&team&user&compare
export const GET = withSession({ permission: "dashboard:read" }, async ({ query }) => findCallsSeries(SeriesQuery.parse(Object.fromEntries(query))));
