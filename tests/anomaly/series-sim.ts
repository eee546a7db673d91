// Hand-made series for the scoring tests: a per-minute generator (Poisson, or agents in bursty sessions),
// hourly samples exactly as rollup_hour would hold them, and a replay that scores every minute the way the
// detector does (short and long trailing windows against the seasonal baseline of that hour of the week,
// with the series' dispersion folded in hour by hour).
import { assessWindows, DEFAULT_THRESHOLDS, type Metric, type Thresholds, type WindowMeasures } from "../../lib/anomaly/assess-series";
import { addMeasures, emptyMeasures, type Measures } from "../../lib/anomaly/measures";
import { seasonalBaseline, withDispersion, type HourSample, type SeriesBaseline } from "../../lib/anomaly/seasonal-baseline";
import { dispersionsOf, emptyDispersionState, foldDispersionSlots, type DispersionState } from "../../lib/anomaly/series-dispersion";
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
  /**
   * Calls come in agent sessions instead of one by one: `rate` is then the expected calls per minute,
   * delivered by sessions of ~`minutes` minutes at ~`perMinute` calls a minute.
   */
  sessions?: { minutes: number; perMinute: number };
}

export function generate(shape: Shape, minutes: number, seed = 1): Measures[] {
  const rand = seededRandom(seed);
  const out: Measures[] = [];
  const active: { left: number; perMinute: number }[] = [];
  for (let i = 0; i < minutes; i++) {
    const t = T0 + i * MIN;
    const m = emptyMeasures();
    if (shape.sessions) {
      const { minutes: len, perMinute } = shape.sessions;
      const starts = poisson(rand, shape.rate(t) / (len * perMinute));
      for (let k = 0; k < starts; k++) active.push({ left: Math.max(1, Math.round(-Math.log(Math.max(rand(), 1e-9)) * len)), perMinute: perMinute * (0.5 + rand()) });
      for (const a of active) m.calls += poisson(rand, a.perMinute);
      for (const a of active) a.left--;
      for (let k = active.length - 1; k >= 0; k--) if (active[k].left <= 0) active.splice(k, 1);
    } else {
      m.calls = poisson(rand, shape.rate(t));
    }
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

const WEEK_MIN = 7 * 24 * 60;
const msOf = (minute: number) => T0 + minute * MIN;

/** The sample hours of the detector for the hour starting at minute `hour` (± 3 h, 4 weeks back). */
function sampleStarts(hour: number): number[] {
  const out: number[] = [];
  for (let k = 1; k <= 4; k++) for (let j = -3; j <= 3; j++) out.push(hour - k * WEEK_MIN + j * 60);
  return out.filter((h) => h >= 0);
}

const dispersionCache = new WeakMap<Measures[], { hour: number; state: DispersionState }>();

/** The series' dispersion state as the detector would have folded it by `hour` (hours in order). */
function dispersionAt(series: Measures[], hour: number) {
  let entry = dispersionCache.get(series);
  if (!entry || entry.hour > hour) dispersionCache.set(series, (entry = { hour: WEEK_MIN - 60, state: emptyDispersionState() }));
  for (let h = entry.hour + 60; h <= hour; h += 60) {
    const starts = sampleStarts(h);
    const byHour = new Map(starts.map((s) => [msOf(s), hourSum(series, s)]));
    entry.state = foldDispersionSlots(entry.state, { hourMs: msOf(h), hours: starts.map(msOf), samples: new Map([["s", byHour]]), known: new Map([["s", T0]]) });
    entry.hour = h;
  }
  return dispersionsOf(entry.state).get("s");
}

function baselineAt(series: Measures[], hour: number): SeriesBaseline | null {
  let byHour = baselineCache.get(series);
  if (!byHour) baselineCache.set(series, (byHour = new Map()));
  if (byHour.has(hour)) return byHour.get(hour)!;
  const samples: HourSample[] = sampleStarts(hour).map((start) => ({ ...hourSum(series, start), offset: Math.round((start - hour) / 60) + Math.round((hour - start) / WEEK_MIN) * 168, week: Math.round((hour - start) / WEEK_MIN) }));
  const local = samples.filter((s) => Math.abs(s.offset!) <= 1).length >= 3 ? seasonalBaseline(samples) : null;
  const b = local && withDispersion(local, dispersionAt(series, hour));
  byHour.set(hour, b);
  return b;
}

/**
 * Scores minute `i` (a run at the start of minute i, i.e. minutes < i are complete) as the detector
 * would: baseline from the same hour ± 3 h in the previous 4 weeks, windows of 3, 15 and 60 minutes.
 * (Series are treated as immutable once scored: hourly sums and baselines are cached.)
 */
export function scoreAt(series: Measures[], i: number, metric: Metric, t: Thresholds = DEFAULT_THRESHOLDS) {
  const b = baselineAt(series, Math.floor(i / 60) * 60);
  if (!b) return null;
  const hour = Math.floor(i / 60) * 60;
  const windows: WindowMeasures[] = [3, 15, 60].map((w) => ({ ...sumRange(series, i - w, i), windowMinutes: w, effectiveMinutes: w, offsetMinutes: i - w / 2 - (hour + 30) }));
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
