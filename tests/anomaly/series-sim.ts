// Hand-made series for the scoring tests: a per-minute generator, hourly samples exactly as rollup_hour
// would hold them, and a replay that scores every minute the way the detector does (short and long
// trailing windows against the seasonal baseline of that hour of the week).
import { assessWindows, DEFAULT_THRESHOLDS, type Metric, type Thresholds, type WindowMeasures } from "../../lib/anomaly/assess-series";
import { addMeasures, emptyMeasures, type Measures } from "../../lib/anomaly/measures";
import { seasonalBaseline, type SeriesBaseline } from "../../lib/anomaly/seasonal-baseline";
import { gaussian, poisson, seededRandom } from "../../lib/anomaly/stats";
import { latencyBucketOf } from "../../lib/metrics/latency-buckets";

export const MIN = 60_000;
export const HOUR = 60 * MIN;
export const DAY = 24 * HOUR;
export const WEEK = 7 * DAY;
/** A Monday, 00:00 UTC. */
export const T0 = Date.UTC(2031, 0, 6);

export interface Shape {
  /** Expected calls per minute at t. */
  rate: (t: number) => number;
  errorRate?: (t: number) => number;
  /** Median latency (ms) at t. */
  latencyMs?: (t: number) => number;
  costPerCall?: (t: number) => number;
}

export function generate(shape: Shape, minutes: number, seed = 1): Measures[] {
  const rand = seededRandom(seed);
  const out: Measures[] = [];
  for (let i = 0; i < minutes; i++) {
    const t = T0 + i * MIN;
    const m = emptyMeasures();
    m.calls = poisson(rand, shape.rate(t));
    const p = shape.errorRate?.(t) ?? 0.02;
    const med = shape.latencyMs?.(t) ?? 200;
    const cost = shape.costPerCall?.(t) ?? 0.01;
    for (let c = 0; c < m.calls; c++) {
      if (rand() < p) m.errors++;
      m.lat[latencyBucketOf(med * Math.exp(0.5 * gaussian(rand)))!]++;
      m.costUsd += cost * -Math.log(Math.max(rand(), 1e-9));
    }
    out.push(m);
  }
  return out;
}

function sumRange(series: Measures[], from: number, to: number): Measures {
  const acc = emptyMeasures();
  for (let i = Math.max(0, from); i < Math.min(series.length, to); i++) addMeasures(acc, series[i]);
  return acc;
}

const hourCache = new WeakMap<Measures[], Map<number, Measures>>();
const baselineCache = new WeakMap<Measures[], Map<number, SeriesBaseline | null>>();

function hourSum(series: Measures[], start: number): Measures {
  let byHour = hourCache.get(series);
  if (!byHour) hourCache.set(series, (byHour = new Map()));
  let m = byHour.get(start);
  if (!m) byHour.set(start, (m = sumRange(series, start, start + 60)));
  return m;
}

function baselineAt(series: Measures[], hour: number): SeriesBaseline | null {
  let byHour = baselineCache.get(series);
  if (!byHour) baselineCache.set(series, (byHour = new Map()));
  if (byHour.has(hour)) return byHour.get(hour)!;
  const samples: Measures[] = [];
  for (let k = 1; k <= 4; k++) {
    for (let j = -1; j <= 1; j++) {
      const start = hour - k * 7 * 24 * 60 + j * 60;
      if (start >= 0) samples.push(hourSum(series, start));
    }
  }
  const b = samples.length >= 3 ? seasonalBaseline(samples) : null;
  byHour.set(hour, b);
  return b;
}

/**
 * Scores minute `i` (a run at the start of minute i, i.e. minutes < i are complete) as the detector
 * would: baseline from the same hour ± 1 h in the previous 4 weeks, windows of 3, 15 and 60 minutes.
 * (Series are treated as immutable once scored: hourly sums and baselines are cached.)
 */
export function scoreAt(series: Measures[], i: number, metric: Metric, t: Thresholds = DEFAULT_THRESHOLDS) {
  const b = baselineAt(series, Math.floor(i / 60) * 60);
  if (!b) return null;
  const windows: WindowMeasures[] = [3, 15, 60].map((w) => ({ ...sumRange(series, i - w, i), windowMinutes: w, effectiveMinutes: w }));
  return assessWindows(metric, windows, b, t);
}

/** Minutes (indexes) in [from, to) at which the metric fires. */
export function firingMinutes(series: Measures[], metric: Metric, from: number, to: number, t: Thresholds = DEFAULT_THRESHOLDS): number[] {
  const out: number[] = [];
  for (let i = from; i < to; i++) if (scoreAt(series, i, metric, t)?.firing) out.push(i);
  return out;
}

export const daily = (t: number, amplitude: number) => 1 + amplitude * Math.sin((2 * Math.PI * ((t % DAY) / DAY - 0.25)));
export const weekday = (t: number) => (Math.floor((t - T0) / DAY) % 7 >= 5 ? 0.4 : 1);
