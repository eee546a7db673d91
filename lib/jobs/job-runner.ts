import PgBoss from "pg-boss";
import { pool } from "../db";
import { log } from "../log";
import type { JobDefinition } from "./define-job";

const g = globalThis as unknown as { __wardenBoss?: PgBoss; __wardenJobSender?: PgBoss };

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

/**
 * Enqueues a job (after the transaction that caused it has committed). In a process that runs no job queue
 * (an instance with WARDEN_JOBS=0, the CLI, a script) the job is written all the same, for the instances that
 * run workers: the queues exist wherever the database does (install-job-queues.ts). (It threw there, and
 * a notification routed by such a process was marked failed, "not queued", and never sent.)
 */
export async function enqueueJob<P extends object>(job: JobDefinition<P>, payload: P, options: { startAfterSeconds?: number; retryLimit?: number; retryDelay?: number; retryBackoff?: boolean } = {}): Promise<void> {
  const data = job.payload.parse(payload) as object;
  const sendOptions = { startAfter: options.startAfterSeconds, retryLimit: options.retryLimit, retryDelay: options.retryDelay, retryBackoff: options.retryBackoff };
  const boss = g.__wardenBoss;
  if (boss) {
    await boss.send(job.id, data, sendOptions);
    return;
  }
  // Never started: it only builds pg-boss's own parameterized insert and runs it on the app's pool.
  g.__wardenJobSender ??= new PgBoss({ schema: "pgboss", db: { executeSql: (text: string, values?: unknown[]) => pool().query(text, values) } });
  await g.__wardenJobSender.send(job.id, data, sendOptions);
}

export async function stopJobs(): Promise<void> {
  await g.__wardenBoss?.stop({ graceful: true, timeout: 5000 });
  g.__wardenBoss = undefined;
}
