import { withSession } from "@/lib/http/route";
import { SeriesQuery } from "@/lib/metrics/schema";
import { findLatencySeries } from "@/lib/metrics/find-latency-series";

// GET /api/metrics/latency?range&from&to&gateway&server&tool&team&user&compare
export const GET = withSession({ permission: "dashboard:read" }, async ({ query }) => findLatencySeries(SeriesQuery.parse(Object.fromEntries(query))));
