import { z } from "zod";
import { withSession } from "@/lib/http/route";
import { findAuditEntries } from "@/lib/audit/find-audit-entries";

const AuditQuery = z.object({
  targetType: z.string().max(64).optional(),
  targetId: z.string().max(128).optional(),
  before: z.string().regex(/^\d+$/, "must be a sequence number").optional(),
  limit: z.coerce.number().int().min(1).max(200).optional(),
});

// GET /api/audit?targetType&targetId&before&limit
export const GET = withSession({ permission: "audit:read" }, async ({ query }) =>
  findAuditEntries(AuditQuery.parse(Object.fromEntries(query))),
);
