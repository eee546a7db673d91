// The overview's time window: which rollup a chart reads, the bucket width, where buckets start, and the
// previous period for comparisons. Pure and isomorphic (the browser uses it to label axes and build
// drill-down links; the server to build queries), so it is unit-tested without a database.

export const RANGE_KEYS = ["15m", "1h", "24h", "7d", "30d", "custom"] as const;
export type RangeKey = (typeof RANGE_KEYS)[number];

export const PRESET_SECONDS: Record<Exclude<RangeKey, "custom">, number> = {
  "15m": 15 * 60,
  "1h": 3600,
  "24h": 24 * 3600,
  "7d": 7 * 24 * 3600,
  "30d": 30 * 24 * 3600,
};

/** Longest custom range a chart accepts (rollups are kept longer than raw events, but not forever). */
export const MAX_RANGE_SECONDS = 400 * 24 * 3600;

/**
 * Which rollup serves a window: minute rollups up to 6 h, hour rollups up to 7 days, day rollups (UTC
 * days, derived from the hour rollup) beyond. A user filter can only be served by the daily per-user
 * rollup (rollup_user_day), so it switches to UTC-day buckets.
 */
export type RollupSource = "minute" | "hour" | "day" | "user_day";

export const MINUTE_ROLLUP_MAX_SECONDS = 6 * 3600;
export const HOUR_ROLLUP_MAX_SECONDS = 7 * 86400;

/** Bucket widths a chart may use, smallest first. */
export const STEP_LADDER_SECONDS = [60, 300, 900, 3600, 3 * 3600, 6 * 3600, 12 * 3600, 86400, 7 * 86400] as const;

/** At most this many buckets on a chart (30 d at 3 h = 240). */
export const MAX_BUCKETS = 360;

export interface TimeWindow {
  source: RollupSource;
  /** Bucket width in seconds. */
  stepSeconds: number;
  /** Buckets start at origin + k × step (UTC-aligned: the rollups are keyed by UTC minute, hour and day). */
  origin: Date;
  /** First bucket start (inclusive) and the end of the window (exclusive, "now" for presets). */
  from: Date;
  to: Date;
  /** The same number of whole buckets immediately before `from`. */
  prevFrom: Date;
  prevTo: Date;
  /** Start of every bucket in [from, to). */
  buckets: Date[];
}

export interface WindowRequest {
  range: RangeKey;
  /** ISO timestamps, only for range=custom. */
  from?: string;
  to?: string;
  /** A user filter forces the daily per-user rollup. */
  byUser?: boolean;
}

export class WindowError extends Error {}

/** Start of the bucket holding `t`. */
export function bucketStart(t: Date, stepSeconds: number, origin: Date): Date {
  const step = stepSeconds * 1000;
  const k = Math.floor((t.getTime() - origin.getTime()) / step);
  return new Date(origin.getTime() + k * step);
}

/** Smallest ladder step ≥ minStep that keeps the bucket count ≤ MAX_BUCKETS. */
export function pickStep(lengthSeconds: number, minStepSeconds: number): number {
  for (const s of STEP_LADDER_SECONDS) {
    if (s >= minStepSeconds && lengthSeconds / s <= MAX_BUCKETS) return s;
  }
  return STEP_LADDER_SECONDS[STEP_LADDER_SECONDS.length - 1];
}

/** Resolves a range (preset relative to `now`, or custom) into the window every chart of the page shares. */
export function resolveWindow(req: WindowRequest, now: Date = new Date()): TimeWindow {
  let rawFrom: Date;
  let to: Date;
  if (req.range === "custom") {
    if (!req.from || !req.to) throw new WindowError("A custom range needs both from and to.");
    rawFrom = new Date(req.from);
    to = new Date(req.to);
    if (Number.isNaN(rawFrom.getTime()) || Number.isNaN(to.getTime())) throw new WindowError("from and to must be ISO timestamps.");
    if (to.getTime() <= rawFrom.getTime()) throw new WindowError("from must be before to.");
    if (to.getTime() - rawFrom.getTime() > MAX_RANGE_SECONDS * 1000) throw new WindowError("The range is longer than 400 days.");
  } else {
    to = now;
    rawFrom = new Date(now.getTime() - PRESET_SECONDS[req.range] * 1000);
  }
  const length = (to.getTime() - rawFrom.getTime()) / 1000;
  // rollup_user_day and rollup_day are keyed by UTC day: their buckets are UTC days whatever the viewer's
  // zone (the browser labels axes in local time).
  const source: RollupSource = req.byUser ? "user_day" : length > HOUR_ROLLUP_MAX_SECONDS ? "day" : length <= MINUTE_ROLLUP_MAX_SECONDS ? "minute" : "hour";
  const stepSeconds = pickStep(length, source === "minute" ? 60 : source === "hour" ? 3600 : 86400);
  const origin = new Date(0);
  const from = bucketStart(rawFrom, stepSeconds, origin);
  const buckets: Date[] = [];
  for (let t = from.getTime(); t < to.getTime(); t += stepSeconds * 1000) buckets.push(new Date(t));
  const span = buckets.length * stepSeconds * 1000;
  return { source, stepSeconds, origin, from, to, prevFrom: new Date(from.getTime() - span), prevTo: from, buckets };
}
