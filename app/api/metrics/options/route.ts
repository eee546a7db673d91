import { withSession } from "@/lib/http/route";
import { MetricsQuery } from "@/lib/metrics/schema";
import { findFilterOptions } from "@/lib/metrics/find-filter-options";

// GET /api/metrics/options?range&from&to — values for the filter pickers
export const GET = withSession({ permission: "dashboard:read" }, async ({ query }) => findFilterOptions(MetricsQuery.parse(Object.fromEntries(query))));
