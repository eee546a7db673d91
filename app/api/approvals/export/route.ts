import { withSession } from "@/lib/http/route";
import { ExportApprovalHistoryQuery, exportApprovalHistory } from "@/lib/approvals/export-approval-history";
import { csvResponse } from "@/lib/events/csv-stream";

// GET /api/approvals/export?status&gatewayId&tool&userId&reviewer&from&to — decided approvals as CSV, streamed
export const GET = withSession({ permission: "approvals:read" }, async ({ query }) =>
  csvResponse(await exportApprovalHistory(ExportApprovalHistoryQuery.parse(Object.fromEntries(query))), "approval-history"),
);
