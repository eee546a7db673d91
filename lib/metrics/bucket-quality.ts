// How far a chart's bucket can be trusted: the bucket still filling ("partial": the window ends inside it,
// at now) and buckets with too few calls for a rate or a percentile to mean much ("low volume"). Pure and
// isomorphic; unit-tested (bucket-quality.test.ts).

/** Fewer calls than this in a bucket: its error rate or latency is drawn as low-confidence. */
export const LOW_VOLUME_CALLS = 10;

export function isLowVolume(calls: number | null | undefined): boolean {
  return calls !== null && calls !== undefined && calls > 0 && calls < LOW_VOLUME_CALLS;
}

/** The start (a point's `t`) of the last bucket when the window ends before that bucket does; else null. */
export function partialBucket(points: readonly { t: string }[], stepSeconds: number, windowTo: string | undefined): string | null {
  const last = points.at(-1)?.t;
  if (!last || !windowTo) return null;
  return Date.parse(windowTo) < Date.parse(last) + stepSeconds * 1000 ? last : null;
}

/**
 * Which points a line must draw as a dot to be seen at all: a value whose neighbours are both gaps (null)
 * makes no line segment, so without a dot a quiet hour draws nothing while the tiles show figures.
 */
export function isolatedPoints(values: readonly (number | null | undefined)[]): boolean[] {
  const has = (i: number) => i >= 0 && i < values.length && values[i] !== null && values[i] !== undefined;
  return values.map((_, i) => has(i) && !has(i - 1) && !has(i + 1));
}
