import { LATENCY_BUCKET_COUNT, LATENCY_BUCKET_UPPER_BOUNDS_MS, latencyPercentile } from "../metrics/latency-buckets";

// What the detectors read from the rollups for one series over some span of time (pure data).
export interface Measures {
  calls: number;
  errors: number;
  costUsd: number;
  /** Calls per latency bucket (lat_0 … lat_11 of the rollups). */
  lat: number[];
}

export const emptyMeasures = (): Measures => ({ calls: 0, errors: 0, costUsd: 0, lat: new Array(LATENCY_BUCKET_COUNT).fill(0) });

export function addMeasures(into: Measures, m: Measures): Measures {
  into.calls += m.calls;
  into.errors += m.errors;
  into.costUsd += m.costUsd;
  for (let i = 0; i < into.lat.length; i++) into.lat[i] += m.lat[i] ?? 0;
  return into;
}

export const latencyCount = (lat: readonly number[]) => lat.reduce((a, b) => a + b, 0);

export const p95Of = (lat: readonly number[]) => latencyPercentile(lat, 95);

/**
 * How many of the histogram's calls were slower than `thresholdMs` (linear inside the bucket that holds
 * the threshold, as the percentile interpolation assumes; half of the open last bucket).
 */
export function countAbove(lat: readonly number[], thresholdMs: number): number {
  let above = 0;
  for (let i = 0; i < lat.length; i++) {
    const c = lat[i];
    if (!c) continue;
    const lower = i === 0 ? 0 : LATENCY_BUCKET_UPPER_BOUNDS_MS[i - 1];
    const upper = i < LATENCY_BUCKET_UPPER_BOUNDS_MS.length ? LATENCY_BUCKET_UPPER_BOUNDS_MS[i] : Infinity;
    if (thresholdMs <= lower) above += c;
    else if (thresholdMs < upper) above += Number.isFinite(upper) ? (c * (upper - thresholdMs)) / (upper - lower) : c / 2;
  }
  return above;
}
