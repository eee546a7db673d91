import { withSession } from "@/lib/http/route";
import { TopSpendersQuery } from "@/lib/metrics/schema";
import { findTopSpenders } from "@/lib/metrics/find-top-spenders";

// GET /api/metrics/top-spenders?by=user|team&range&from&to&gateway&server&tool&team&user
export const GET = withSession({ permission: "dashboard:read" }, async ({ query }) => findTopSpenders(TopSpendersQuery.parse(Object.fromEntries(query))));
