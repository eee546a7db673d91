import "server-only";
import type { Pool, PoolClient } from "pg";
import { pool } from "../db";

// `events` is partitioned by UTC day on `ts` (migration 20261124170000_events_partitioned): one table
// `events_pYYYYMMDD` per day, no DEFAULT partition. Partitions are created ahead of time (migration +
// the hourly job) and on demand by ingest for the days of a batch; retention drops whole partitions.

const DAY_MS = 86_400_000;

/** UTC day number (days since the epoch) of a time in ms. */
export const utcDay = (ms: number) => Math.floor(ms / DAY_MS);

/** 'YYYY-MM-DD' of a UTC day number. */
export const dayString = (day: number) => new Date(day * DAY_MS).toISOString().slice(0, 10);

// Days known to have a partition, per process. A hint only: a miss costs one idempotent SQL call, and a
// stale hit (a partition dropped by another instance) ends in "no partition" and a retry (see ingest).
const g = globalThis as unknown as { __wardenPartitionDays?: Set<number> };
const known = () => (g.__wardenPartitionDays ??= new Set());

/** Makes sure a partition exists for each of these UTC days. Idempotent and safe to run concurrently. */
export async function ensureEventPartitions(days: Iterable<number>, client: Pool | PoolClient = pool()): Promise<void> {
  const missing = [...new Set(days)].filter((d) => !known().has(d)).sort((a, b) => a - b);
  if (!missing.length) return;
  // One call per contiguous run of days.
  let start = missing[0];
  let prev = start;
  const runs: [number, number][] = [];
  for (const d of missing.slice(1)) {
    if (d !== prev + 1) {
      runs.push([start, prev]);
      start = d;
    }
    prev = d;
  }
  runs.push([start, prev]);
  for (const [from, to] of runs) {
    await client.query("SELECT warden_ensure_event_partitions($1::date, $2::date)", [dayString(from), dayString(to)]);
    for (let d = from; d <= to; d++) known().add(d);
  }
}

/** Forgets what this process believes exists (after a "no partition" error, or a retention drop). */
export function forgetEventPartitions(): void {
  known().clear();
}

/** Creates partitions from yesterday to `daysAhead` days ahead (UTC). */
export async function createEventPartitionsAhead(opts: { daysAhead?: number; now?: number } = {}): Promise<void> {
  const today = utcDay(opts.now ?? Date.now());
  const days: number[] = [];
  for (let d = today - 1; d <= today + (opts.daysAhead ?? 7); d++) days.push(d);
  forgetEventPartitions();
  await ensureEventPartitions(days);
}

/**
 * Drops the partitions whose whole day is older than `retentionDays` (rollups are kept). Returns the
 * names of the dropped tables.
 */
export async function dropExpiredEventPartitions(opts: { retentionDays: number; now?: number }): Promise<string[]> {
  const cutoff = utcDay(opts.now ?? Date.now()) - opts.retentionDays;
  const { rows } = await pool().query<{ name: string }>("SELECT warden_drop_event_partitions_before($1::date) AS name", [dayString(cutoff)]);
  forgetEventPartitions();
  return rows.map((r) => r.name).filter(Boolean);
}
