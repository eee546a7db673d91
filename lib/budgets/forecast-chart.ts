import type { DailySpendRow } from "./forecast";

// The rows of the budget's daily spend chart: the projected (forecast) line to the end of the period and a
// y-axis clipped so one outlier day does not flatten the limit line. Pure (unit-tested in forecast-chart.test.ts).

/** A value is an outlier when it is more than this many times the chart's reference (limit or typical value). */
export const OUTLIER_FACTOR = 3;
/** Head room above the highest value drawn. */
const HEADROOM = 1.1;

export interface BudgetChartRow extends DailySpendRow {
  /** The forecast line: from today's figure to the end-of-period forecast (null before today). */
  projectedUsd: number | null;
  /** What is drawn (each value capped at the axis top) … */
  spendShown: number | null;
  cumulativeShown: number | null;
  projectedShown: number | null;
  /** … and the real value of a point drawn capped (null when it fits). */
  spendClipped: number | null;
  cumulativeClipped: number | null;
}

export interface BudgetChart {
  rows: BudgetChartRow[];
  /** The y-axis top. */
  top: number;
  /** True when at least one point is above `top` (drawn capped and labelled with its real value). */
  clipped: boolean;
}

/**
 * `cumulative` (week and month budgets): the forecast line runs from today's running total to `forecastUsd`
 * on the last day, straight (the forecast assumes the period-to-date burn rate). A daily budget's forecast
 * is today's end: one projected point on today's row.
 *
 * The axis: the reference is the larger of the limit and the 75th percentile of the values drawn; values more
 * than OUTLIER_FACTOR × the reference are outliers, and the axis top is 10 % above the largest of the limit,
 * the forecast (when it is not itself an outlier) and the values that are not outliers.
 */
export function toBudgetChartRows(opts: { rows: readonly DailySpendRow[]; limitUsd: number; forecastUsd: number; cumulative: boolean }): BudgetChart {
  const { rows, limitUsd, forecastUsd, cumulative } = opts;
  let today = -1;
  rows.forEach((r, i) => {
    if (r.spendUsd !== null) today = i;
  });
  const last = rows.length - 1;
  const projected = rows.map((r, i): number | null => {
    if (today < 0 || i < today) return null;
    if (!cumulative) return i === today ? forecastUsd : null;
    const startValue = rows[today].cumulativeUsd ?? 0;
    if (last === today) return forecastUsd;
    return startValue + ((forecastUsd - startValue) * (i - today)) / (last - today);
  });

  const values = rows.flatMap((r, i) => [r.spendUsd, cumulative ? r.cumulativeUsd : null, projected[i]]).filter((v): v is number => v !== null && v > 0);
  const reference = Math.max(limitUsd, percentile(values, 0.75));
  const fits = values.filter((v) => v <= OUTLIER_FACTOR * reference);
  const top = Math.max(limitUsd, ...fits, 0) * HEADROOM || 1;

  const cap = (v: number | null) => (v === null ? null : Math.min(v, top));
  const over = (v: number | null) => (v !== null && v > top ? v : null);
  const out = rows.map((r, i) => ({
    ...r,
    projectedUsd: projected[i],
    spendShown: cap(r.spendUsd),
    cumulativeShown: cumulative ? cap(r.cumulativeUsd) : null,
    projectedShown: cap(projected[i]),
    spendClipped: over(r.spendUsd),
    cumulativeClipped: cumulative ? over(r.cumulativeUsd) : null,
  }));
  const clipped = out.some((r, i) => r.spendClipped !== null || r.cumulativeClipped !== null || over(projected[i]) !== null);
  return { rows: out, top, clipped };
}

/** Linear-interpolated percentile of the values (0 for none). */
function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return 0;
  const s = [...values].sort((a, b) => a - b);
  const rank = p * (s.length - 1);
  const lo = Math.floor(rank);
  const hi = Math.ceil(rank);
  return s[lo] + (s[hi] - s[lo]) * (rank - lo);
}
