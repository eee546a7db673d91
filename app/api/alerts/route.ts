import { withSession } from "@/lib/http/route";
import { ListAlertsQuery } from "@/lib/alerts/schema";
import { findAlerts } from "@/lib/alerts/find-alerts";

// GET /api/alerts?status=active|open|acknowledged|resolved|all&severity&subjectType&ruleId&q&limit
export const GET = withSession({ permission: "alerts:read" }, async ({ query }) => findAlerts(ListAlertsQuery.parse(Object.fromEntries(query))));
