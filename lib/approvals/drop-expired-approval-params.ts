import "server-only";
import { db } from "../db";

const BATCH = 1000;

/**
 * Retention for approvals: decided approvals created more than `retentionDays` ago keep their decision
 * record (status, votes, hash, audit trail) but drop their params, full and masked. Pending ones are never
 * touched. Runs in batches until none is left; returns how many approvals lost their params.
 */
export async function dropExpiredApprovalParams(opts: { retentionDays: number }): Promise<number> {
  let total = 0;
  for (;;) {
    const n = await db().$executeRaw`
      UPDATE approvals SET params = NULL, params_masked = NULL
      WHERE id IN (
        SELECT id FROM approvals
        WHERE status <> 'pending' AND created_at < now() - make_interval(days => ${opts.retentionDays}::int)
          AND (params IS NOT NULL OR params_masked IS NOT NULL)
        LIMIT ${BATCH} FOR UPDATE SKIP LOCKED)`;
    total += n;
    if (n < BATCH) return total;
  }
}
