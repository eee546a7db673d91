import type { ZodType } from "zod";

// A job is a definition: id, payload contract, optional cron schedule, handler. One library (pg-boss),
// one backend (Postgres): every instance runs workers, pg-boss hands each job to exactly one of them.
export interface JobDefinition<P = unknown> {
  id: string;
  payload: ZodType<P>;
  /** Cron expression (pg-boss: minute resolution), e.g. "* * * * *". */
  schedule?: string;
  /**
   * Also run once as soon as an instance starts its workers, instead of waiting for the first scheduled
   * time (pg-boss checks cron schedules every 30 s at minute resolution, so the first run came up to a
   * minute and a half after a start).
   */
  runAtStart?: boolean;
  /** Seconds between polls for this queue (default 2). */
  pollingIntervalSeconds?: number;
  handler: (payload: P) => Promise<void>;
}

export function defineJob<P>(def: JobDefinition<P>): JobDefinition<P> {
  return def;
}
