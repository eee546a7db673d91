import { withSession } from "@/lib/http/route";
import { ListAuditQuery } from "@/lib/audit/schema";
import { findAuditEntries } from "@/lib/audit/find-audit-entries";

// GET /api/audit?actor&action&targetType&targetId&from&to&before&limit
export const GET = withSession({ permission: "audit:read" }, async ({ query }) => findAuditEntries(ListAuditQuery.parse(Object.fromEntries(query))));
