import PgBoss from "pg-boss";
import type { JobDefinition } from "./define-job";

/**
 * Creates the job queue's schema and one queue per definition, without starting any worker. Run at every
 * server start (whether or not WARDEN_JOBS runs workers on this instance) right after the migrations:
 * code enqueues jobs inside its own transactions (lib/budgets/enqueue-job-in-transaction.ts), so the
 * queues must exist wherever the database does — not only once some instance has started its workers
 * (an instance with WARDEN_JOBS=0 on a new database logged "relation pgboss.job does not exist … budget
 * threshold alert not queued"). Idempotent, and safe to run from several instances at once.
 */
export async function installJobQueues(connectionString: string, jobs: readonly JobDefinition<any>[]): Promise<void> {
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
}
