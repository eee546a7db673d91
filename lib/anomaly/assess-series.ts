import { fmtInt, fmtMinutes, fmtMs, fmtNum, fmtPct, fmtUsd } from "./format";
import { countAbove, latencyCount, p95Of, type Measures } from "./measures";
import { costDispersionAt, dispersionAt, minCostDispersion, rateAt, type SeriesBaseline } from "./seasonal-baseline";
import { binomialExcessZ, overdispersedExcessZ } from "./stats";

// Scoring of one series against its baseline (pure). Each metric gets a z-score that mixes the noise
// of the window with the uncertainty of the baseline — volume and spend as overdispersed counts (agents
// call in bursts: negative binomial with the series' own dispersion), errors and slow calls as binomial
// counts — AND an effect-size test, so a busy series does not page for a statistically sure but tiny
// change and a quiet series does not page for "2 errors out of 3 calls" or one agent's session at night.
// `holding` is a laxer test that keeps an already open alert open (hysteresis), so an alert does not flap.

export const METRICS = ["calls", "error_rate", "cost", "latency"] as const;
export type Metric = (typeof METRICS)[number];

export interface WindowMeasures extends Measures {
  /** Nominal window length (what the text says). */
  windowMinutes: number;
  /** Minutes of data the window really covers (the current minute counts for its elapsed part). */
  effectiveMinutes: number;
  /** Middle of the window minus the middle of the baseline's hour, in minutes (0 when not given). */
  offsetMinutes?: number;
}

export interface Thresholds {
  /** z-score needed to fire (the rule's sensitivity); default 5. */
  z: number;
  /** Calls and spend: how many times the usual level counts as a spike. */
  ratio: number;
  /** Fewest calls in the window before an error rate or a latency is judged. */
  minCalls: number;
  /** Error rate: fewest errors in the window. */
  minErrors: number;
  /**
   * Spend: smallest excess in USD worth an alert. $0.50: a user's agent spending 50 cents more than
   * their busiest quarter-hour is worth a look; $1 let a subtle spend leak run 27 min before it showed.
   */
  minExcessUsd: number;
  /** Call volume: also alert on drops (gateways: "fell silent"). */
  drops: boolean;
}

export const DEFAULT_THRESHOLDS: Thresholds = { z: 5, ratio: 2, minCalls: 10, minErrors: 5, minExcessUsd: 0.5, drops: false };

export interface Assessment {
  metric: Metric;
  direction: "up" | "down";
  firing: boolean;
  holding: boolean;
  z: number;
  observed: number;
  expected: number;
  /** One standard deviation of the expectation (for the band ± and the chart). */
  sd: number;
  /** Observed minus expected, in the metric's unit (calls, errors, USD, slow calls). */
  excess: number;
  windowMinutes: number;
  /** One line with the numbers (formatted on demand: most assessments are never read). */
  readonly explanation: string;
}

const HOUR = "for this hour";

/** Uncertainty of the baseline's level itself (a quiet week, a holiday), on top of the noise. */
const LEVEL = 0.1;

/**
 * Volume and spend: fewest bursts of the series' usual size (its dispersion) the excess must amount to.
 * When a quiet hour expects a tenth of a session, one or two busy sessions are improbable but ordinary
 * (someone working late); an incident is more than a couple of agents being busy.
 */
export const MIN_EXCESS_BURSTS = 6;

/**
 * Expected calls (or spend) in the window: the usual rate where the window lies, and never below one
 * burst in all the hours sampled (none seen in N hours does not mean none happen).
 */
function expectedIn(w: WindowMeasures, perMin: number, around: readonly [number | null, number | null], hourlyDispersion: number, b: SeriesBaseline): number {
  return Math.max(rateAt(perMin, around, w.offsetMinutes ?? 0), hourlyDispersion / (60 * Math.max(b.hours, 1))) * w.effectiveMinutes;
}

/**
 * Variance of the expectation itself: the baseline's level is uncertain by LEVEL (a quiet week, a
 * holiday) and by the noise of the few weeks it was measured in (an hour's variance ÷ weeks).
 */
function baselineVar(w: WindowMeasures, expected: number, hourlyDispersion: number, b: SeriesBaseline): number {
  return (LEVEL * expected) ** 2 + (Math.min(w.effectiveMinutes, 60) / 60) * hourlyDispersion * expected / Math.max(b.weeks, 1);
}

export function assessCalls(w: WindowMeasures, b: SeriesBaseline, t: Thresholds): Assessment {
  // Overdispersed: the window's variance is D(W) × its mean (bursts), plus the baseline's own uncertainty.
  const d = dispersionAt(b.callsDispersion, w.effectiveMinutes);
  const expected = expectedIn(w, b.callsPerMin, b.callsPerMinAround, b.callsDispersion, b);
  const levelVar = baselineVar(w, expected, b.callsDispersion, b);
  const sd = Math.sqrt(Math.max(d * expected + levelVar, 1));
  const z = w.calls >= expected ? overdispersedExcessZ(w.calls, expected, d * expected + levelVar) : (w.calls - expected) / sd;
  const excess = w.calls - expected;
  const up: Assessment = {
    metric: "calls",
    direction: "up",
    firing: z >= t.z && w.calls >= t.ratio * expected && excess >= Math.max(10, MIN_EXCESS_BURSTS * d) && w.calls >= t.minCalls,
    holding: z >= t.z / 2 && w.calls >= (1 + (t.ratio - 1) / 2) * expected && excess >= 5,
    z,
    observed: w.calls,
    expected,
    sd,
    excess,
    windowMinutes: w.windowMinutes,
    get explanation() {
      return `${fmtInt(w.calls)} calls over ${fmtMinutes(w.windowMinutes)} vs usual ${fmtNum(expected)} ± ${fmtNum(sd)} ${HOUR}`;
    },
  };
  if (!t.drops || up.firing || z >= 0) return up;
  up.direction = "down";
  up.firing = expected >= 30 && w.calls <= expected / 5 && z <= -t.z;
  up.holding = expected >= 15 && w.calls <= expected / 2;
  up.excess = expected - w.calls;
  return up;
}

export function assessErrorRate(w: WindowMeasures, b: Pick<SeriesBaseline, "errorRate" | "errorRateSpread">, t: Thresholds, usual = HOUR): Assessment | null {
  if (b.errorRate === null || w.calls === 0) return null;
  const usualRate = b.errorRate;
  const n = w.calls;
  const p0 = Math.max(b.errorRate, 0.002);
  const sp = b.errorRateSpread;
  const z = binomialExcessZ(w.errors, n, p0, (n * sp) ** 2);
  const rate = w.errors / n;
  const shownSpread = Math.max(sp, Math.sqrt((p0 * (1 - p0)) / n));
  return {
    metric: "error_rate",
    direction: "up",
    firing: n >= t.minCalls && w.errors >= t.minErrors && z >= t.z && rate >= p0 + Math.max(0.03, 3 * sp) && rate >= 2 * p0,
    holding: n >= t.minCalls / 2 && z >= t.z / 2 && rate >= p0 + Math.max(0.015, 1.5 * sp),
    z,
    observed: rate,
    expected: b.errorRate,
    sd: shownSpread,
    excess: w.errors - n * p0,
    windowMinutes: w.windowMinutes,
    get explanation() {
      return `error rate ${fmtPct(rate)} over ${fmtMinutes(w.windowMinutes)} (${fmtInt(w.errors)} of ${fmtInt(n)} calls) vs usual ${fmtPct(usualRate)} ± ${fmtPct(shownSpread)} ${usual}`;
    },
  };
}

export function assessCost(w: WindowMeasures, b: SeriesBaseline, t: Thresholds): Assessment {
  // Spend is a sum over bursts of calls of different prices: variance D(W) × mean (USD), at least that of
  // a Poisson number of calls with (roughly exponential) prices.
  const d = Math.max(costDispersionAt(b, w.effectiveMinutes), 1e-6);
  const expected = expectedIn(w, b.costPerMin, b.costPerMinAround, b.costDispersion, b);
  const levelVar = baselineVar(w, expected, b.costDispersion, b);
  const sd = Math.sqrt(d * expected + levelVar) || 1e-9;
  // (counted in units of the least dispersion, where the variance is at least the mean)
  const u = Math.max(minCostDispersion(b.costPerCall), 1e-6);
  const z = w.costUsd >= expected ? overdispersedExcessZ(w.costUsd / u, expected / u, (d * expected + levelVar) / u ** 2) : (w.costUsd - expected) / sd;
  const excess = w.costUsd - expected;
  return {
    metric: "cost",
    direction: "up",
    firing: z >= t.z && w.costUsd >= t.ratio * expected && excess >= Math.max(t.minExcessUsd, MIN_EXCESS_BURSTS * d),
    holding: z >= t.z / 2 && w.costUsd >= (1 + (t.ratio - 1) / 2) * expected && excess >= t.minExcessUsd / 2,
    z,
    observed: w.costUsd,
    expected,
    sd,
    excess,
    windowMinutes: w.windowMinutes,
    get explanation() {
      return `${fmtUsd(w.costUsd)} spent over ${fmtMinutes(w.windowMinutes)} vs usual ${fmtUsd(expected)} ± ${fmtUsd(sd)} ${HOUR}`;
    },
  };
}

export function assessLatency(w: WindowMeasures, b: SeriesBaseline, t: Thresholds): Assessment | null {
  const n = latencyCount(w.lat);
  if (b.p95Ms === null || n === 0) return null;
  const usualP95 = b.p95Ms;
  const p95 = p95Of(w.lat) ?? 0;
  const slow = countAbove(w.lat, b.p95Ms);
  const share = b.slowShare;
  const spread = Math.max(b.slowShareSpread, 0.01);
  const z = binomialExcessZ(slow, n, share, (spread * n) ** 2);
  const needed = Math.max(1.5 * b.p95Ms, b.p95Ms + 3 * b.p95SpreadMs, b.p95Ms + 50);
  return {
    metric: "latency",
    direction: "up",
    firing: n >= t.minCalls / 2 && slow >= t.minErrors && z >= t.z && p95 >= needed,
    holding: n >= t.minCalls / 2 && z >= t.z / 2 && p95 >= 1.2 * b.p95Ms,
    z,
    observed: p95,
    expected: b.p95Ms,
    sd: b.p95SpreadMs,
    excess: slow - share * n,
    windowMinutes: w.windowMinutes,
    get explanation() {
      return `p95 latency ${fmtMs(p95)} over ${fmtMinutes(w.windowMinutes)} (${fmtPct(slow / n)} of ${fmtInt(n)} calls slower than the usual p95) vs usual ${fmtMs(usualP95)} ± ${fmtMs(b.p95SpreadMs)} ${HOUR}`;
    },
  };
}

export function assessMetric(metric: Metric, w: WindowMeasures, b: SeriesBaseline, t: Thresholds): Assessment | null {
  switch (metric) {
    case "calls":
      return assessCalls(w, b, t);
    case "error_rate":
      return assessErrorRate(w, b, t);
    case "cost":
      return assessCost(w, b, t);
    case "latency":
      return assessLatency(w, b, t);
  }
}

/** Windows longer than this never hold an alert open (it would linger long after the incident). */
export const MAX_HOLDING_WINDOW = 15;

/**
 * The verdict over several windows (short for sudden changes, long for subtle ones): the firing one with
 * the highest z, else a holding one, else the last window's assessment (for the record). A long window
 * only counts while the change is still going on (a shorter window holds): an hour that holds a burst
 * from forty minutes ago is not news.
 */
export function assessWindows(metric: Metric, windows: readonly WindowMeasures[], b: SeriesBaseline, t: Thresholds): Assessment | null {
  const all: Assessment[] = [];
  for (const w of windows) {
    const a = assessMetric(metric, w, b, t);
    if (a) all.push(a);
  }
  if (!all.length) return null;
  const short = all.filter((a) => a.windowMinutes <= MAX_HOLDING_WINDOW);
  const recent = short[short.length - 1];
  for (const a of all) {
    if (a.windowMinutes <= MAX_HOLDING_WINDOW) continue;
    // Still going on: the latest short window holds, at half the long window's rate of excess or more.
    const ongoing = !recent || ((recent.firing || recent.holding) && recent.excess >= (0.5 * a.excess * recent.windowMinutes) / a.windowMinutes);
    if (!a.firing || !ongoing) a.holding = false;
    if (!ongoing) a.firing = false;
  }
  const byZ = (a: Assessment, c: Assessment) => Math.abs(c.z) - Math.abs(a.z);
  return all.filter((a) => a.firing).sort(byZ)[0] ?? all.filter((a) => a.holding).sort(byZ)[0] ?? all[all.length - 1];
}
