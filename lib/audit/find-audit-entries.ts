import "server-only";
import { db } from "../db";
import { auditWhere } from "./audit-where";
import { findTargetNames } from "./find-target-names";
import type { AuditEntryView, ListAuditQuery } from "./schema";

export type FindAuditEntriesOptions = Partial<ListAuditQuery>;

/** The audit log (`at` a Date; JSON turns it into the view's ISO string), newest first, filtered (actor, action, target, time), keyset-paged on seq, targets named. */
export async function findAuditEntries(opts: FindAuditEntriesOptions = {}): Promise<{ entries: (Omit<AuditEntryView, "at"> & { at: Date })[]; nextCursor: string | null }> {
  const limit = Math.min(Math.max(opts.limit ?? 50, 1), 200);
  const rows = await db().auditLog.findMany({
    where: { ...auditWhere(opts), ...(opts.before ? { seq: { lt: BigInt(opts.before) } } : {}) },
    orderBy: { seq: "desc" },
    take: limit + 1,
  });
  const page = rows.slice(0, limit);
  const names = await findTargetNames(page);
  return {
    entries: page.map((e) => ({ ...e, seq: String(e.seq), targetName: e.targetId ? (names.get(`${e.targetType}:${e.targetId}`) ?? null) : null })),
    nextCursor: rows.length > limit ? String(page[page.length - 1].seq) : null,
  };
}
