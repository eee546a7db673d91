import pg from "pg";
import PgBoss from "pg-boss";
import type { JobDefinition } from "./define-job";

// Any fixed 64-bit key: instances starting at once take turns (see below).
const INSTALL_LOCK_KEY = 7_297_110_911_120_001n;

/**
 * Creates the job queue's schema and one queue per definition, without starting any worker. Run at every
 * server start (whether or not WARDEN_JOBS runs workers on this instance) right after the migrations:
 * code enqueues jobs inside its own transactions (lib/budgets/enqueue-job-in-transaction.ts), so the
 * queues must exist wherever the database does — not only once some instance has started its workers
 * (an instance with WARDEN_JOBS=0 on a new database logged "relation pgboss.job does not exist … budget
 * threshold alert not queued"). Idempotent. Instances starting at once on one database take turns under a
 * Postgres advisory lock: creating queues attaches partitions to pgboss.job, and two instances doing it
 * at the same moment deadlocked ("deadlock detected" in create_queue, seen in the two-instance test).
 */
export async function installJobQueues(connectionString: string, jobs: readonly JobDefinition<any>[]): Promise<void> {
  const lock = new pg.Client({ connectionString, application_name: "warden-install-job-queues" });
  await lock.connect();
  try {
    await lock.query("SELECT pg_advisory_lock($1)", [INSTALL_LOCK_KEY.toString()]);
    const boss = new PgBoss({ connectionString, max: 2, schema: "pgboss", supervise: false, schedule: false });
    let failure: unknown;
    boss.on("error", (err) => (failure ??= err));
    await boss.start();
    try {
      for (const job of jobs) await boss.createQueue(job.id);
    } finally {
      await boss.stop({ graceful: false, wait: true });
    }
    if (failure) throw failure;
  } finally {
    // Ending the session releases the advisory lock too, also when the install failed.
    await lock.end().catch(() => undefined);
  }
}
