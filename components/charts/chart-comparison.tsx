"use client";
import { bucketChange } from "@/lib/metrics/bucket-change";
import { formatChange } from "./format";

/**
 * A time chart's comparison period ("Compare with" on the overview): the rows carry `prev_<key>` values (drawn
 * dashed and muted under the chart's own series), `prev_t` (the compared bucket) and `prev_volume` (its calls).
 */
export interface ChartComparison {
  /** What is compared with: "previous period" or "same time last week". */
  label: string;
  /** Both periods with their absolute times, in the viewer's clock. */
  current: { from: string; to: string };
  previous: { from: string; to: string };
}

/** The dashed stroke of a comparison series. */
export const COMPARISON_DASH = "5 4";

type Row = Record<string, unknown> & { t: string };

/** "change +12.5 %", or "change n/a (why)": the tooltip's last words on a compared bucket. */
export function changeText({ value, previous, row, partial, withVolume }: { value: number | null; previous: number | null; row: Row; partial: boolean; withVolume: boolean }): string {
  const volume = withVolume && typeof row.prev_volume === "number" ? row.prev_volume : undefined;
  const c = bucketChange({ value, previous, previousVolume: volume, partial });
  if (c.change !== null) return `change ${formatChange(c.change)}`;
  const why =
    c.note === "previous_zero"
      ? "previous was 0"
      : c.note === "previous_low_volume"
        ? `previous had only ${volume} call${volume === 1 ? "" : "s"}`
        : c.note === "partial"
          ? "this bucket is still filling"
          : c.note === "no_value"
            ? "no calls in this bucket"
            : "no previous data";
  return `change n/a (${why})`;
}

/**
 * Under a compared chart: the two periods, solid and dashed, with their times, one period a line. On a narrow
 * chart (a phone) an entry wraps only between its label and its two times, never inside one, and its wrapped
 * lines hang beside the swatch.
 */
export function ComparisonLegend({ comparison }: { comparison: ChartComparison }) {
  const entry = (label: string, period: { from: string; to: string }, dash?: string) => (
    <li className="flex items-baseline gap-1">
      <svg width="18" height="6" aria-hidden="true" className="shrink-0 self-center">
        <line x1="0" y1="3" x2="18" y2="3" stroke="currentColor" strokeWidth="2" strokeDasharray={dash} />
      </svg>
      <span className="min-w-0">
        <span className="whitespace-nowrap">{label}:</span> <span className="whitespace-nowrap">{period.from} –</span> <span className="whitespace-nowrap">{period.to}</span>
      </span>
    </li>
  );
  return (
    <ul className="flex flex-col gap-y-0.5 text-[11px] text-slate-600" data-testid="compare-legend" aria-label="Compared periods">
      {entry("This period", comparison.current)}
      {entry(comparison.label[0].toUpperCase() + comparison.label.slice(1), comparison.previous, COMPARISON_DASH)}
    </ul>
  );
}
