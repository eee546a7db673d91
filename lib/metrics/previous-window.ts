// The window a time chart reads for its comparison series ("Compare with"), on the same rollup, step and
// origin as the chart's own window, so its buckets are the rollup's buckets too. Pure and isomorphic;
// unit-tested (previous-window.test.ts). Alignment to the current buckets: align-previous-period.ts.
import type { TimeWindow } from "./time-window";

export const COMPARE_MODES = ["previous", "week"] as const;
/** previous: the same number of whole buckets just before the window (what the KPI tiles compare with); week: the same time 7 days earlier. */
export type CompareMode = (typeof COMPARE_MODES)[number];

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;

/**
 * - previous: [prevFrom, from), as many whole buckets as the window has.
 * - week: the window 7 days earlier, widened by one hour on each side when buckets are an hour or shorter, so
 *   that the bucket holding the same wall-clock time is there even when a DST change lies between the two
 *   weeks (that bucket is then 7 days ± 1 hour earlier). Day and longer buckets are UTC days: 7 days exactly.
 * `nominal` is the compared period itself, without that margin (the legend's times).
 */
export function previousWindow({ window: w, mode }: { window: TimeWindow; mode: CompareMode }): TimeWindow & { nominal: { from: Date; to: Date } } {
  const step = w.stepSeconds * 1000;
  if (mode === "previous") {
    return { ...w, from: w.prevFrom, to: w.prevTo, buckets: bucketsOf(w.prevFrom, w.prevTo, step), nominal: { from: w.prevFrom, to: w.prevTo } };
  }
  const pad = step <= HOUR_MS ? HOUR_MS : 0;
  const from = new Date(w.from.getTime() - 7 * DAY_MS - pad);
  const to = new Date(w.to.getTime() - 7 * DAY_MS + pad);
  const span = w.buckets.length * step;
  return {
    ...w,
    from,
    to,
    prevFrom: new Date(from.getTime() - span),
    prevTo: from,
    buckets: bucketsOf(from, to, step),
    nominal: { from: new Date(w.from.getTime() - 7 * DAY_MS), to: new Date(w.to.getTime() - 7 * DAY_MS) },
  };
}

function bucketsOf(from: Date, to: Date, step: number): Date[] {
  const out: Date[] = [];
  for (let t = from.getTime(); t < to.getTime(); t += step) out.push(new Date(t));
  return out;
}
