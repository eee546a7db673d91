import "server-only";
import { db } from "../db";
import { streamCsv } from "../events/csv-stream";
import { auditWhere } from "./audit-where";
import { findTargetNames } from "./find-target-names";
import type { AuditFilter } from "./schema";

const BATCH = 1000;

export const AUDIT_CSV_COLUMNS = ["seq", "at", "actorEmail", "actorId", "action", "targetType", "targetId", "targetName", "ip", "userAgent", "before", "after", "hash"] as const;

/** The filtered audit log as CSV, newest first, streamed in batches of BATCH entries (keyset on seq). */
export async function exportAuditLog(f: AuditFilter): Promise<ReadableStream<Uint8Array>> {
  const where = auditWhere(f);
  return streamCsv<bigint>({
    header: AUDIT_CSV_COLUMNS,
    readBatch: async (before) => {
      const rows = await db().auditLog.findMany({ where: { ...where, ...(before !== null ? { seq: { lt: before } } : {}) }, orderBy: { seq: "desc" }, take: BATCH });
      const names = await findTargetNames(rows);
      return {
        rows: rows.map((r) => [
          String(r.seq), r.at.toISOString(), r.actorEmail, r.actorId, r.action, r.targetType, r.targetId,
          r.targetId ? (names.get(`${r.targetType}:${r.targetId}`) ?? null) : null, r.ip, r.userAgent, r.before, r.after, r.hash,
        ]),
        next: rows.length === BATCH ? rows[rows.length - 1].seq : null,
      };
    },
  });
}
