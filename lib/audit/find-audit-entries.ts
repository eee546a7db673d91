import "server-only";
import { db } from "../db";

export interface FindAuditEntriesOptions {
  targetType?: string;
  targetId?: string;
  before?: string; // seq cursor
  limit?: number;
}

export async function findAuditEntries(opts: FindAuditEntriesOptions = {}) {
  const limit = Math.min(Math.max(opts.limit ?? 50, 1), 200);
  const rows = await db().auditLog.findMany({
    where: {
      ...(opts.targetType ? { targetType: opts.targetType } : {}),
      ...(opts.targetId ? { targetId: opts.targetId } : {}),
      ...(opts.before ? { seq: { lt: BigInt(opts.before) } } : {}),
    },
    orderBy: { seq: "desc" },
    take: limit + 1,
  });
  const page = rows.slice(0, limit);
  return {
    entries: page.map((e) => ({ ...e, seq: String(e.seq) })),
    nextCursor: rows.length > limit ? String(page[page.length - 1].seq) : null,
  };
}
