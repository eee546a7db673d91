import { countAbove, latencyCount, p95Of, type Measures } from "./measures";
import type { SeriesDispersion } from "./series-dispersion";
import { dispersionPart, median, scaledMad, trimmedMean } from "./stats";

// The "usual" of one series at one moment of the week (pure): built from hourly rollup samples of the
// same hour of the week in previous weeks and the hours around it. Rates are per minute.
//
// - The level is pooled over the hour and the hours either side (a shifted routine or a daylight saving
//   change does not look like an anomaly); a window reaching into the hour before is judged against that
//   hour too: a trailing hour at 18:02 lies mostly in 17:00–18:00, which at the evening's decline was
//   busier than 18:00–19:00.
// - The variability is that of the series itself: agents call in sessions and loops, so counts vary far
//   more than a Poisson process would (a team's hour varies ~20× more). How much more (the dispersion,
//   variance ÷ mean) is a property of how the series clusters rather than of the hour: each hour-slot
//   is compared across weeks (which also holds the week-to-week variation of the level) and the slots
//   are pooled — over the last days by series-dispersion.ts, else over the ± 3 h sampled here.

export interface HourSample extends Measures {
  /** Hours from the hour being judged (−3 … 3); samples without it count as that hour. */
  offset?: number;
  /** Weeks back (1 …); samples of the same offset and different weeks are compared for the dispersion. */
  week?: number;
}

export interface SeriesBaseline {
  /** Hourly samples behind the level (the hour and the hours either side). */
  samples: number;
  /** Weeks behind the level of one hour (the fewest of the three hours). */
  weeks: number;
  /** Hourly samples in all (the variability's). */
  hours: number;
  /** Calls per minute in the middle of the hour (pooled with the hours either side). */
  callsPerMin: number;
  /** Calls per minute of the hour before and the hour after (null: not sampled). */
  callsPerMinAround: [number | null, number | null];
  /** Week-to-week spread of the call rate relative to its level (0.2 = ±20 %). */
  callsRelSpread: number;
  /**
   * How clustered the calls are: variance ÷ mean of an hour's count (≥ 1; 1 is Poisson). Shorter
   * windows cut sessions into pieces and are less clustered: see dispersionAt.
   */
  callsDispersion: number;
  costPerMin: number;
  costPerMinAround: [number | null, number | null];
  costRelSpread: number;
  /** Variance ÷ mean of an hour's spend (USD). */
  costDispersion: number;
  /** Average cost of one call (for the noise of a cost window). */
  costPerCall: number;
  /** Usual error rate (0..1); null when the samples are too thin to say. */
  errorRate: number | null;
  errorRateSpread: number;
  /** Usual p95 latency in ms; null without enough timed calls. */
  p95Ms: number | null;
  p95SpreadMs: number;
  /** Share of calls slower than p95Ms in the samples (≈ 5 %), and its spread from hour to hour. */
  slowShare: number;
  slowShareSpread: number;
}

const MIN_CALLS_FOR_RATE = 10;
const MIN_TIMED_FOR_P95 = 20;

/**
 * Time scale (minutes) over which an agent's calls stay correlated (a session): a window much shorter
 * than it holds a slice of a burst, one much longer holds whole bursts. It sets how the hourly
 * dispersion D scales down to a window of W minutes, 1 + (D − 1)·g(W), g(W) = [W/(W+τ)] / [60/(60+τ)]
 * (the variance of a count of sessions of length ~τ). Agent sessions last minutes to tens of minutes;
 * 25 gives the ratio measured on session traffic (3-minute dispersion − 1 ≈ 0.15 × the hour's − 1).
 * A shorter τ keeps more of the hourly dispersion in short windows (fewer, later alerts).
 */
export const SESSION_MINUTES = 25;

export function windowShare(windowMinutes: number): number {
  const w = Math.max(windowMinutes, 0);
  return (w / (w + SESSION_MINUTES)) * ((60 + SESSION_MINUTES) / 60);
}

/** The dispersion (variance ÷ mean) of a W-minute window, from the hourly one; never below `floor`. */
export function dispersionAt(hourly: number, windowMinutes: number, floor = 1): number {
  return floor + Math.max(0, hourly - floor) * windowShare(windowMinutes);
}

/**
 * The least a window's spend varies (variance ÷ mean, USD): a Poisson number of calls with (roughly
 * exponential) prices, whose variance is twice the mean price times the mean.
 */
export const minCostDispersion = (costPerCall: number) => 2 * costPerCall;

/**
 * The dispersion (USD) of a W-minute window's spend. An hour's spend varies with the number of calls
 * (clustered: D × price) and with their prices (what the calls were: a mix of cheap and dear tools);
 * only the first part shrinks in short windows. Never below a Poisson number of exponential prices.
 */
export function costDispersionAt(b: Pick<SeriesBaseline, "costDispersion" | "callsDispersion" | "costPerCall">, windowMinutes: number): number {
  const c = b.costPerCall;
  const clustering = (b.callsDispersion - dispersionAt(b.callsDispersion, windowMinutes)) * c;
  return Math.max(minCostDispersion(c), b.costDispersion - clustering);
}

function relSpread(values: number[], center: number): number {
  if (!(center > 0)) return 1;
  return scaledMad(values) / center;
}

/**
 * Variance ÷ mean of hourly values, from the same offset compared across weeks (pooled over offsets).
 * An offset whose weeks disagree far more than all the others together say is possible (a past
 * incident) is left out; with two or three weeks each offset is a noisy estimate, so only a clear
 * outlier is. Null when no offset has two weeks.
 */
export function pooledDispersion(samples: readonly HourSample[], value: (s: Measures) => number): number | null {
  const bySlot = new Map<number, number[]>();
  for (const s of samples) {
    const k = s.offset ?? 0;
    let xs = bySlot.get(k);
    if (!xs) bySlot.set(k, (xs = []));
    xs.push(value(s));
  }
  const parts: { ss: number; df: number }[] = [];
  for (const xs of bySlot.values()) {
    const part = dispersionPart(xs);
    if (part) parts.push({ ss: part[0], df: part[1] });
  }
  if (!parts.length) return null;
  const ratio = (p: { ss: number; df: number }) => p.ss / p.df;
  parts.sort((a, b) => ratio(a) - ratio(b));
  const worst = parts[parts.length - 1];
  const rest = parts.slice(0, -1);
  if (rest.length >= 3) {
    const others = rest.reduce((a, p) => a + p.ss, 0) / rest.reduce((a, p) => a + p.df, 0);
    if (ratio(worst) > OUTLIER_DISPERSION * others) parts.pop();
  }
  return parts.reduce((a, p) => a + p.ss, 0) / parts.reduce((a, p) => a + p.df, 0);
}

/** How many times the others' dispersion one hour-slot must show to be left out as an incident. */
const OUTLIER_DISPERSION = 8;

/** The baseline from hourly samples; null when there is none for the hour itself or its neighbours. */
export function seasonalBaseline(all: readonly HourSample[]): SeriesBaseline | null {
  const samples = all.filter((s) => Math.abs(s.offset ?? 0) <= 1);
  if (samples.length === 0) return null;
  const calls = samples.map((s) => s.calls);
  const cost = samples.map((s) => s.costUsd);
  const callsCenter = trimmedMean(calls);
  const costCenter = trimmedMean(cost);
  const totalCalls = all.reduce((a, s) => a + s.calls, 0);
  const totalCost = all.reduce((a, s) => a + s.costUsd, 0);
  const costPerCall = totalCalls > 0 ? totalCost / totalCalls : 0;

  const before = all.filter((s) => s.offset === -1);
  const after = all.filter((s) => s.offset === 1);
  const around = (v: (s: Measures) => number): [number | null, number | null] => [
    before.length ? trimmedMean(before.map(v)) / 60 : null,
    after.length ? trimmedMean(after.map(v)) / 60 : null,
  ];
  const weeks = Math.min(...[before.length, samples.length - before.length - after.length, after.length].filter((n) => n > 0));

  // Error rate: pooled over all the samples after dropping the worst one (a past incident), spread from
  // the samples that carry enough calls to have a rate at all. Errors do not follow the day's rhythm
  // the way volume does, and a quiet hour alone is too thin to say what is usual.
  const withRate = all.filter((s) => s.calls >= MIN_CALLS_FOR_RATE);
  let errorRate: number | null = null;
  let errorRateSpread = 0;
  if (withRate.length > 0) {
    const byRate = [...withRate].sort((a, b) => a.errors / a.calls - b.errors / b.calls);
    const kept = byRate.length >= 4 ? byRate.slice(0, -1) : byRate;
    errorRate = kept.reduce((a, s) => a + s.errors, 0) / kept.reduce((a, s) => a + s.calls, 0);
    errorRateSpread = withRate.length >= 3 ? scaledMad(withRate.map((s) => s.errors / s.calls)) : 0;
  }

  const timed = samples.filter((s) => latencyCount(s.lat) >= MIN_TIMED_FOR_P95);
  const p95s = timed.map((s) => p95Of(s.lat)!);
  const p95Ms = p95s.length ? median(p95s) : null;
  const p95SpreadMs = p95s.length >= 3 ? scaledMad(p95s) : 0;
  // How many calls are slower than that p95 in an ordinary hour, and how much that varies (a series
  // whose mix of fast and slow calls moves from hour to hour varies more than its sampling noise).
  const slowShares = p95Ms === null ? [] : timed.map((s) => countAbove(s.lat, p95Ms) / latencyCount(s.lat));
  const slowShare = slowShares.length ? Math.max(trimmedMean(slowShares), 0.01) : 0.05;
  const slowShareSpread = slowShares.length >= 3 ? scaledMad(slowShares) : 0.03;

  // Dispersion: across weeks when there are two; else (a series' first week) from the hours' spread.
  const callsDispersion = pooledDispersion(all, (s) => s.calls) ?? scaledMad(calls) ** 2 / Math.max(callsCenter, 1);
  const costDispersion = pooledDispersion(all, (s) => s.costUsd) ?? (costCenter > 0 ? scaledMad(cost) ** 2 / costCenter : 0);
  return {
    samples: samples.length,
    weeks,
    hours: all.length,
    callsPerMin: callsCenter / 60,
    callsPerMinAround: around((s) => s.calls),
    callsRelSpread: relSpread(calls, callsCenter),
    callsDispersion: Math.max(1, callsDispersion),
    costPerMin: costCenter / 60,
    costPerMinAround: around((s) => s.costUsd),
    costRelSpread: relSpread(cost, costCenter),
    costDispersion: Math.max(minCostDispersion(costPerCall), costDispersion),
    costPerCall,
    errorRate,
    errorRateSpread,
    p95Ms,
    p95SpreadMs,
    slowShare,
    slowShareSpread,
  };
}

/**
 * The usual per-minute rate over a window whose middle lies `offsetMinutes` from the middle of the
 * baseline's hour (negative: earlier): linear between the middles of the hour before, the hour (its
 * pooled level) and the hour after.
 */
export function rateAt(perMin: number, around: readonly [number | null, number | null], offsetMinutes: number): number {
  const p = Math.max(-1, Math.min(1, offsetMinutes / 60));
  const other = p < 0 ? around[0] : around[1];
  if (other === null) return perMin;
  return perMin + (other - perMin) * Math.abs(p);
}

/** Hour-slots a series' pooled dispersion needs to replace the one of its few samples. */
export const MIN_DISPERSION_SLOTS = 12;

/** The baseline with the series' pooled dispersion (series-dispersion.ts), when that is well founded. */
export function withDispersion(b: SeriesBaseline, d: SeriesDispersion | undefined): SeriesBaseline {
  if (!d || d.slots < MIN_DISPERSION_SLOTS) return b;
  return {
    ...b,
    callsDispersion: d.calls === null ? b.callsDispersion : Math.max(1, d.calls),
    costDispersion: d.cost === null ? b.costDispersion : Math.max(minCostDispersion(b.costPerCall), d.cost),
  };
}
