import "server-only";
import { db } from "../db";
import { auditEntryHash, GENESIS_HASH } from "./record-audit";

export interface AuditChainReport {
  ok: boolean;
  checked: number;
  firstBroken?: { seq: string; reason: string };
}

/** Walks the whole chain in order, recomputing every hash; names the first entry that does not match. */
export async function verifyAuditChain(): Promise<AuditChainReport> {
  let prevHash = GENESIS_HASH;
  let checked = 0;
  let after: bigint | undefined;
  for (;;) {
    const page = await db().auditLog.findMany({
      where: after === undefined ? {} : { seq: { gt: after } },
      orderBy: { seq: "asc" },
      take: 1000,
    });
    if (page.length === 0) return { ok: true, checked };
    for (const e of page) {
      const seq = String(e.seq);
      if (e.prevHash !== prevHash) {
        return { ok: false, checked, firstBroken: { seq, reason: "prev_hash does not match the previous entry's hash (an entry was removed or reordered)" } };
      }
      const expected = auditEntryHash({ ...e, before: e.before, after: e.after });
      if (expected !== e.hash) {
        return { ok: false, checked, firstBroken: { seq, reason: "content does not match its hash (the entry was modified)" } };
      }
      prevHash = e.hash;
      checked++;
    }
    after = page[page.length - 1].seq;
  }
}
