import { ApiError } from "../http/errors";
import { offeredComparisons } from "./offered-comparisons";
import { previousWindow, type CompareMode } from "./previous-window";
import type { ComparisonPeriod } from "./schema";
import type { TimeWindow } from "./time-window";

/**
 * A time chart's comparison period, when asked: the chart's own loader (its rollup query) run over the
 * comparison window. Bounded: that window has as many buckets as the chart's (plus an hour's worth on each side
 * for "same time last week"). Undefined without `compare`. A period that would overlap the window (the same
 * time last week of a window longer than 7 days) is refused: 400 naming `compare`, the reason the picker gives.
 */
export async function findComparisonPeriod<P>({ window: w, compare, load }: { window: TimeWindow; compare: CompareMode | undefined; load: (w: TimeWindow) => Promise<P[]> }): Promise<ComparisonPeriod<P> | undefined> {
  if (!compare) return undefined;
  const offer = offeredComparisons({ windows: [w] })[compare];
  if (!offer.offered) throw new ApiError("invalid_request", offer.reason, { issues: [{ path: "compare", message: offer.reason }] });
  const pw = previousWindow({ window: w, mode: compare });
  return { mode: compare, from: pw.nominal.from.toISOString(), to: pw.nominal.to.toISOString(), points: await load(pw) };
}
