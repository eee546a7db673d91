import { withSession } from "@/lib/http/route";
import { CostQuery } from "@/lib/metrics/schema";
import { findCostSeries } from "@/lib/metrics/find-cost-series";

// GET /api/metrics/cost?by=team|tool&range&from&to&gateway&server&tool&team&user
export const GET = withSession({ permission: "dashboard:read" }, async ({ query }) => findCostSeries(CostQuery.parse(Object.fromEntries(query))));
