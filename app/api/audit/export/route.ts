import { withSession } from "@/lib/http/route";
import { ExportAuditQuery } from "@/lib/audit/schema";
import { exportAuditLog } from "@/lib/audit/export-audit-log";
import { csvResponse } from "@/lib/events/csv-stream";

// GET /api/audit/export?actor&action&targetType&targetId&from&to — CSV, streamed
export const GET = withSession({ permission: "audit:read" }, async ({ query }) => csvResponse(await exportAuditLog(ExportAuditQuery.parse(Object.fromEntries(query))), "audit-log"));
