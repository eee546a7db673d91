import PgBoss from "pg-boss";
import { log } from "../log";
import type { JobDefinition } from "./define-job";

const g = globalThis as unknown as { __wardenBoss?: PgBoss };

/** Starts pg-boss, creates the queues, registers workers and schedules. */
export async function startJobs(connectionString: string, jobs: readonly JobDefinition<any>[]): Promise<PgBoss> {
  // Cron schedules are checked every 5 s (pg-boss's default 30 s, plus 5 s for its send-it queue, made an
  // "every minute" job start anywhere up to ~35 s past the minute; now within a few seconds). One cheap
  // conditional UPDATE per check across all instances.
  const boss = new PgBoss({ connectionString, max: 4, schema: "pgboss", cronMonitorIntervalSeconds: 5, cronWorkerIntervalSeconds: 1 });
  boss.on("error", (err) => log.error({ err: String(err) }, "job queue error"));
  await boss.start();
  for (const job of jobs) {
    await boss.createQueue(job.id);
    await boss.work(job.id, { pollingIntervalSeconds: job.pollingIntervalSeconds ?? 2 }, async (batch) => {
      for (const item of batch) {
        const payload = job.payload.parse(item.data ?? {});
        try {
          await job.handler(payload);
        } catch (err) {
          log.error({ job: job.id, err: String(err) }, "job failed");
          throw err;
        }
      }
    });
    if (job.schedule) await boss.schedule(job.id, job.schedule, {});
    // One start-up run per minute across instances starting together (singleton), then the schedule.
    if (job.runAtStart) await boss.send(job.id, {}, { singletonKey: "start", singletonSeconds: 60 });
  }
  g.__wardenBoss = boss;
  return boss;
}

/** Enqueues a job (after the transaction that caused it has committed). */
export async function enqueueJob<P extends object>(job: JobDefinition<P>, payload: P, options: { startAfterSeconds?: number; retryLimit?: number; retryDelay?: number; retryBackoff?: boolean } = {}): Promise<void> {
  const boss = g.__wardenBoss;
  if (!boss) throw new Error("the job queue is not running");
  await boss.send(job.id, job.payload.parse(payload) as object, {
    startAfter: options.startAfterSeconds,
    retryLimit: options.retryLimit,
    retryDelay: options.retryDelay,
    retryBackoff: options.retryBackoff,
  });
}

export async function stopJobs(): Promise<void> {
  await g.__wardenBoss?.stop({ graceful: true, timeout: 5000 });
  g.__wardenBoss = undefined;
}
