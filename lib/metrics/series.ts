// Pure shaping of rollup rows into chart series: zero-filled buckets, stacked series with a top-N + "other"
// cut, rates and percentiles per bucket, and period comparisons. Isomorphic; unit-tested.
import { LATENCY_BUCKET_COUNT, latencyPercentile } from "./latency-buckets";

export type Timestamp = Date | string;

const ms = (t: Timestamp) => (t instanceof Date ? t.getTime() : new Date(t).getTime());

/**
 * One value per bucket start: rows are matched to buckets by time, missing buckets get `zero()`.
 * Rows outside the bucket list are ignored.
 */
export function fillBuckets<R extends { t: Timestamp }, V>(buckets: readonly Date[], rows: readonly R[], pick: (row: R) => V, zero: () => V): { t: string; value: V }[] {
  const byTime = new Map<number, R>();
  for (const r of rows) byTime.set(ms(r.t), r);
  return buckets.map((b) => {
    const row = byTime.get(b.getTime());
    return { t: b.toISOString(), value: row ? pick(row) : zero() };
  });
}

export const STATUSES = ["ok", "error", "timeout", "blocked", "denied"] as const;
export type Status = (typeof STATUSES)[number];

export interface StatusCountsRow {
  t: Timestamp;
  calls: number;
  errors: number;
  timeouts: number | null;
  blocked: number;
  denied: number | null;
}

export type CallsPoint = { t: string } & Record<Status, number>;

/**
 * Calls per bucket stacked by status. `ok` is what is left after the other statuses; rows from the per-user
 * rollup carry no timeouts/denied (null), so those calls stay in `ok` and the caller says so.
 */
export function toCallsPoints(buckets: readonly Date[], rows: readonly StatusCountsRow[]): CallsPoint[] {
  return fillBuckets(
    buckets,
    rows,
    (r) => {
      const timeout = r.timeouts ?? 0;
      const denied = r.denied ?? 0;
      return { ok: Math.max(0, r.calls - r.errors - timeout - r.blocked - denied), error: r.errors, timeout, blocked: r.blocked, denied };
    },
    () => ({ ok: 0, error: 0, timeout: 0, blocked: 0, denied: 0 }),
  ).map(({ t, value }) => ({ t, ...value }));
}

/** Error rate = errors / calls (status "error" only; see lib/metrics/README.md). Null when there were no calls. */
export function errorRate(errors: number, calls: number): number | null {
  return calls > 0 ? errors / calls : null;
}

export interface ErrorRatePoint {
  t: string;
  calls: number;
  errors: number;
  /** 0…1, null for a bucket without calls (drawn as a gap, not as 0 %). */
  rate: number | null;
}

export function toErrorRatePoints(buckets: readonly Date[], rows: readonly { t: Timestamp; calls: number; errors: number }[]): ErrorRatePoint[] {
  return fillBuckets(buckets, rows, (r) => ({ calls: r.calls, errors: r.errors }), () => ({ calls: 0, errors: 0 })).map(({ t, value }) => ({
    t,
    ...value,
    rate: errorRate(value.errors, value.calls),
  }));
}

export interface LatencyRow {
  t: Timestamp;
  /** lat_0 … lat_11 summed over the bucket. */
  lat: readonly number[];
}

export interface LatencyPoint {
  t: string;
  /** Calls with a known duration in the bucket. */
  n: number;
  p50: number | null;
  p95: number | null;
}

/** Sums histogram columns lat_0 … lat_11 of a row (named lat0 … lat11). */
export function histogramOf(row: Record<string, unknown>): number[] {
  const out: number[] = [];
  for (let i = 0; i < LATENCY_BUCKET_COUNT; i++) out.push(Number(row[`lat${i}`] ?? 0));
  return out;
}

export function toLatencyPoints(buckets: readonly Date[], rows: readonly LatencyRow[]): LatencyPoint[] {
  return fillBuckets(
    buckets,
    rows,
    (r) => ({ n: r.lat.reduce((a, b) => a + b, 0), p50: latencyPercentile(r.lat, 50), p95: latencyPercentile(r.lat, 95) }),
    () => ({ n: 0, p50: null, p95: null }),
  ).map(({ t, value }) => ({ t, ...value }));
}

export interface SeriesDef {
  /** Safe data key for the chart (s0, s1, …): labels are untrusted text and may contain dots. */
  key: string;
  label: string;
}

export interface StackedSeries {
  series: SeriesDef[];
  points: ({ t: string } & Record<string, number | string>)[];
}

export const OTHER_LABEL = "other";

/**
 * Rows (bucket, label, value) → one series per label, the `top` largest by total plus "other" for the rest,
 * zero-filled over the buckets.
 */
export function toStackedSeries(buckets: readonly Date[], rows: readonly { t: Timestamp; label: string; value: number }[], top = 6): StackedSeries {
  const totals = new Map<string, number>();
  for (const r of rows) totals.set(r.label, (totals.get(r.label) ?? 0) + r.value);
  const ranked = [...totals.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  const kept = ranked.slice(0, top).map(([label]) => label);
  const hasOther = ranked.length > top;
  const series: SeriesDef[] = kept.map((label, i) => ({ key: `s${i}`, label }));
  if (hasOther) series.push({ key: `s${kept.length}`, label: OTHER_LABEL });
  const keyOf = new Map(series.filter((_, i) => i < kept.length).map((s) => [s.label, s.key]));
  const otherKey = hasOther ? `s${kept.length}` : null;
  const index = new Map<number, Record<string, number>>();
  for (const r of rows) {
    const key = keyOf.get(r.label) ?? otherKey;
    if (!key) continue;
    const at = ms(r.t);
    const values = index.get(at) ?? {};
    values[key] = (values[key] ?? 0) + r.value;
    index.set(at, values);
  }
  const points = buckets.map((b) => {
    const values = index.get(b.getTime()) ?? {};
    const p: { t: string } & Record<string, number | string> = { t: b.toISOString() };
    for (const s of series) p[s.key] = values[s.key] ?? 0;
    return p;
  });
  return { series, points };
}

export interface Comparison {
  value: number | null;
  previous: number | null;
  /** value − previous; null when either is unknown. */
  delta: number | null;
  /** Relative change (0.25 = +25 %); null when the previous value is 0 or unknown. */
  change: number | null;
}

export function compare(value: number | null, previous: number | null): Comparison {
  const delta = value !== null && previous !== null ? value - previous : null;
  const change = delta !== null && previous ? delta / Math.abs(previous) : null;
  return { value, previous, delta, change };
}
