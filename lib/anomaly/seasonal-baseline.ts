import { latencyCount, p95Of, type Measures } from "./measures";
import { median, scaledMad, trimmedMean } from "./stats";

// The "usual" of one series at one moment of the week (pure): built from hourly rollup samples of the
// same hour of the week in previous weeks (and the hours either side, so a shifted routine or a daylight
// saving change does not look like an anomaly). Rates are per minute.

export interface SeriesBaseline {
  /** Hourly samples behind it. */
  samples: number;
  callsPerMin: number;
  /** Week-to-week spread of the call rate relative to its level (0.2 = ±20 %). */
  callsRelSpread: number;
  /**
   * How clustered the calls are (variance ÷ mean of hourly counts, ≥ 1): agents call in bursts (sessions,
   * loops), so counts vary far more than a Poisson process would. A window of W minutes is judged with
   * this overdispersion, estimated from the spread of the same hour in previous weeks.
   */
  callsDispersion: number;
  /** Robust standard deviation of hourly spend (USD). */
  costHourSd: number;
  costPerMin: number;
  costRelSpread: number;
  /** Average cost of one call (for the noise of a cost window). */
  costPerCall: number;
  /** Usual error rate (0..1); null when the samples are too thin to say. */
  errorRate: number | null;
  errorRateSpread: number;
  /** Usual p95 latency in ms; null without enough timed calls. */
  p95Ms: number | null;
  p95SpreadMs: number;
}

const MIN_CALLS_FOR_RATE = 10;
const MIN_TIMED_FOR_P95 = 20;

function relSpread(values: number[], center: number): number {
  if (!(center > 0)) return 1;
  return scaledMad(values) / center;
}

/** The baseline from hourly samples; null when there is no history at all. */
export function seasonalBaseline(samples: readonly Measures[]): SeriesBaseline | null {
  if (samples.length === 0) return null;
  const calls = samples.map((s) => s.calls);
  const cost = samples.map((s) => s.costUsd);
  const callsCenter = trimmedMean(calls);
  const costCenter = trimmedMean(cost);
  const totalCalls = calls.reduce((a, b) => a + b, 0);
  const totalCost = cost.reduce((a, b) => a + b, 0);

  // Error rate: pooled over the samples after dropping the worst one (a past incident), spread from the
  // samples that carry enough calls to have a rate at all.
  const withRate = samples.filter((s) => s.calls >= MIN_CALLS_FOR_RATE);
  let errorRate: number | null = null;
  let errorRateSpread = 0;
  if (withRate.length > 0) {
    const byRate = [...withRate].sort((a, b) => a.errors / a.calls - b.errors / b.calls);
    const kept = byRate.length >= 4 ? byRate.slice(0, -1) : byRate;
    errorRate = kept.reduce((a, s) => a + s.errors, 0) / kept.reduce((a, s) => a + s.calls, 0);
    errorRateSpread = withRate.length >= 3 ? scaledMad(withRate.map((s) => s.errors / s.calls)) : 0;
  }

  const p95s = samples.filter((s) => latencyCount(s.lat) >= MIN_TIMED_FOR_P95).map((s) => p95Of(s.lat)!);
  const p95Ms = p95s.length ? median(p95s) : null;
  const p95SpreadMs = p95s.length >= 3 ? scaledMad(p95s) : 0;

  const callsMad = scaledMad(calls);
  return {
    samples: samples.length,
    callsPerMin: callsCenter / 60,
    callsRelSpread: relSpread(calls, callsCenter),
    callsDispersion: Math.max(1, callsMad ** 2 / Math.max(callsCenter, 1)),
    costHourSd: scaledMad(cost),
    costPerMin: costCenter / 60,
    costRelSpread: relSpread(cost, costCenter),
    costPerCall: totalCalls > 0 ? totalCost / totalCalls : 0,
    errorRate,
    errorRateSpread,
    p95Ms,
    p95SpreadMs,
  };
}
