// Which "Compare with" periods a window offers: only those that do not overlap it. Pure and isomorphic: the
// Overview's picker offers what this returns, and the series API refuses the rest (find-comparison-period.ts).
// Unit-tested (offered-comparisons.test.ts).
import { COMPARE_MODES, previousWindow, type CompareMode } from "./previous-window";
import type { TimeWindow } from "./time-window";

export type ComparisonOffer = { offered: true } | { offered: false; reason: string };

/**
 * - previous: always; it is the buckets just before the window, so it never overlaps it.
 * - week: when the window's buckets span at most 7 days. Longer, the same time last week starts inside the
 *   window (30 days against the 30 days a week earlier share 23 of them); the "last 7 days" preset is one
 *   partial bucket longer than 7 days, so its first bucket would be compared with itself.
 * `windows`: the page's windows (with a user filter some charts read day buckets, others hours): a period is
 * offered only when it is for every one of them.
 */
export function offeredComparisons({ windows }: { windows: readonly TimeWindow[] }): Record<CompareMode, ComparisonOffer> {
  const out = {} as Record<CompareMode, ComparisonOffer>;
  for (const mode of COMPARE_MODES) {
    const overlapping = windows.some((w) => {
      const nominal = previousWindow({ window: w, mode }).nominal;
      return nominal.to.getTime() > w.from.getTime() && nominal.from.getTime() < w.to.getTime();
    });
    out[mode] = overlapping
      ? { offered: false, reason: mode === "week" ? "only for windows of up to 7 days (a longer one overlaps it); compare with the previous period instead." : "it would overlap this window." }
      : { offered: true };
  }
  return out;
}
