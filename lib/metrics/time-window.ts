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
 * Which rollup serves a window. Minute rollups for windows up to 6 h, hour rollups beyond; a user filter
 * can only be served by the daily per-user rollup (rollup_user_day), so it switches to day buckets.
 */
export type RollupSource = "minute" | "hour" | "user_day";

export const MINUTE_ROLLUP_MAX_SECONDS = 6 * 3600;

/** Bucket widths a chart may use, smallest first. */
export const STEP_LADDER_SECONDS = [60, 300, 900, 3600, 3 * 3600, 6 * 3600, 12 * 3600, 86400, 7 * 86400] as const;

/** At most this many buckets on a chart (30 d at 3 h = 240). */
export const MAX_BUCKETS = 360;

export interface TimeWindow {
  source: RollupSource;
  /** Bucket width in seconds. */
  stepSeconds: number;
  /** Buckets start at origin + k × step (a UTC hour boundary; local midnight for steps above an hour). */
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
  /** IANA time zone of the viewer: local-day alignment of buckets wider than an hour. */
  tz?: string;
  /** A user filter forces the daily per-user rollup. */
  byUser?: boolean;
}

export class WindowError extends Error {}

const HOUR = 3600_000;
const DAY = 86400_000;

/** Offset (ms) of `tz` from UTC at instant `at`: local wall-clock time − UTC. */
export function tzOffsetMs(tz: string, at: Date): number {
  const dtf = new Intl.DateTimeFormat("en-US", {
    timeZone: tz,
    hourCycle: "h23",
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    second: "2-digit",
  });
  const parts = Object.fromEntries(dtf.formatToParts(at).map((p) => [p.type, p.value]));
  const asUtc = Date.UTC(+parts.year, +parts.month - 1, +parts.day, +parts.hour % 24, +parts.minute, +parts.second);
  return asUtc - Math.floor(at.getTime() / 1000) * 1000;
}

export function isValidTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

/** Local midnight (in `tz`) of the day containing `at`, floored to a whole UTC hour (rollups are hourly). */
export function localMidnight(at: Date, tz: string): Date {
  const off = tzOffsetMs(tz, at);
  const localMs = at.getTime() + off;
  const midnightLocal = Math.floor(localMs / DAY) * DAY;
  const utc = midnightLocal - tzOffsetMs(tz, new Date(midnightLocal - off));
  return new Date(Math.floor(utc / HOUR) * HOUR);
}

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
  const tz = req.tz && isValidTimeZone(req.tz) ? req.tz : "UTC";
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
  let source: RollupSource;
  let stepSeconds: number;
  let origin: Date;
  if (req.byUser) {
    // rollup_user_day is keyed by UTC date: buckets are UTC days whatever the viewer's zone.
    source = "user_day";
    stepSeconds = pickStep(length, 86400);
    origin = new Date(0);
  } else {
    source = length <= MINUTE_ROLLUP_MAX_SECONDS ? "minute" : "hour";
    stepSeconds = pickStep(length, source === "minute" ? 60 : 3600);
    origin = stepSeconds > 3600 ? localMidnight(rawFrom, tz) : new Date(0);
  }
  const from = bucketStart(rawFrom, stepSeconds, origin);
  const buckets: Date[] = [];
  for (let t = from.getTime(); t < to.getTime(); t += stepSeconds * 1000) buckets.push(new Date(t));
  const span = buckets.length * stepSeconds * 1000;
  return { source, stepSeconds, origin, from, to, prevFrom: new Date(from.getTime() - span), prevTo: from, buckets };
}
