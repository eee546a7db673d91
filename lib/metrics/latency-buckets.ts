// Latency buckets of the rollups (rollup_minute / rollup_hour columns lat_0 … lat_11): a call of d ms
// is counted in the first bucket whose upper bound is ≥ d; the last bucket is unbounded. Ingest
// computes the bucket in SQL from these bounds (passed as a parameter), charts derive percentiles from
// the counts with `latencyPercentile`. Changing the bounds changes the meaning of stored rollups.
export const LATENCY_BUCKET_UPPER_BOUNDS_MS = [10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000, 30000] as const;

/** lat_0 … lat_11: the finite bounds plus one open-ended bucket. */
export const LATENCY_BUCKET_COUNT = LATENCY_BUCKET_UPPER_BOUNDS_MS.length + 1;

/** Bucket index (0 … 11) of one duration; null when the duration is unknown. */
export function latencyBucketOf(durationMs: number | null | undefined): number | null {
  if (durationMs === null || durationMs === undefined || !Number.isFinite(durationMs)) return null;
  const i = LATENCY_BUCKET_UPPER_BOUNDS_MS.findIndex((b) => durationMs <= b);
  return i === -1 ? LATENCY_BUCKET_UPPER_BOUNDS_MS.length : i;
}

/** Upper bound of bucket i in ms (Infinity for the last one). */
export function latencyBucketUpperBound(i: number): number {
  return i < LATENCY_BUCKET_UPPER_BOUNDS_MS.length ? LATENCY_BUCKET_UPPER_BOUNDS_MS[i] : Infinity;
}

/**
 * The p-th percentile (0 < p ≤ 100) from bucket counts, interpolated linearly inside the bucket that holds
 * it (the open last bucket reports its lower bound). Null when there are no counts.
 */
export function latencyPercentile(counts: readonly number[], p: number): number | null {
  const total = counts.reduce((a, b) => a + b, 0);
  if (total <= 0) return null;
  const rank = (p / 100) * total;
  let seen = 0;
  for (let i = 0; i < counts.length; i++) {
    const c = counts[i];
    if (c > 0 && seen + c >= rank) {
      const lower = i === 0 ? 0 : LATENCY_BUCKET_UPPER_BOUNDS_MS[i - 1];
      const upper = latencyBucketUpperBound(i);
      if (!Number.isFinite(upper)) return lower;
      return lower + ((rank - seen) / c) * (upper - lower);
    }
    seen += c;
  }
  return LATENCY_BUCKET_UPPER_BOUNDS_MS[LATENCY_BUCKET_UPPER_BOUNDS_MS.length - 1];
}
