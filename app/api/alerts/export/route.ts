import { withSession } from "@/lib/http/route";
import { ExportAlertsQuery, exportAlerts } from "@/lib/alerts/export-alerts";
import { csvResponse } from "@/lib/events/csv-stream";

// GET /api/alerts/export?status&severity&subjectType&ruleId&q&from&to — CSV, streamed
export const GET = withSession({ permission: "alerts:read" }, async ({ query }) => csvResponse(await exportAlerts(ExportAlertsQuery.parse(Object.fromEntries(query))), "alerts"));
