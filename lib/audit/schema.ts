import { z } from "zod";

// Contracts of the audit log API (session auth, app/api/audit/**).

const text = (max: number) => z.string().trim().min(1).max(max);

/** The audit log's filters: who, what, on what, when. */
export const AuditFilter = z.object({
  /** The actor's email (contains, case-insensitive) or user id. */
  actor: text(320).optional(),
  /** An action (exact, e.g. budget.update) or a prefix ending in "." (budget.). */
  action: text(100).optional(),
  targetType: text(64).optional(),
  targetId: text(128).optional(),
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
});
export type AuditFilter = z.infer<typeof AuditFilter>;

// GET /api/audit?actor&action&targetType&targetId&from&to&before&limit
export const ListAuditQuery = AuditFilter.extend({
  before: z.string().regex(/^\d{1,19}$/, "must be a sequence number").optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export type ListAuditQuery = z.infer<typeof ListAuditQuery>;

// GET /api/audit/export?…filters (CSV)
export const ExportAuditQuery = AuditFilter;

export interface AuditEntryView {
  seq: string;
  at: string;
  actorId: string | null;
  actorEmail: string | null;
  action: string;
  targetType: string;
  targetId: string | null;
  /** What the target is called now (a user's email, a budget's name …); null when unknown or deleted. */
  targetName: string | null;
  ip: string | null;
  userAgent: string | null;
  before: unknown;
  after: unknown;
}
