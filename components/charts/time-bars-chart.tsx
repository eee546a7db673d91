"use client";
import { Bar, BarChart, CartesianGrid, Cell, ComposedChart, Legend, Line, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { PREV } from "@/lib/metrics/with-previous-points";
import { COMPARISON_DASH, ComparisonLegend, changeText, type ChartComparison } from "./chart-comparison";
import { partialBucket } from "@/lib/metrics/bucket-quality";
import type { MarkerRow } from "@/lib/metrics/marker-rows";
import { ActiveBucket, chartTitle, useBucketKeys } from "./chart-keyboard";
import { ChartMarkers, MARKER_MARGIN_TOP } from "./chart-markers";
import { formatBucket, formatTime } from "./format";
import { useTimeZone } from "@/components/ui/use-time-zone";

export interface ChartSeries {
  /** Data key in the points (a safe identifier, never an untrusted label). */
  key: string;
  /** Shown in legend and tooltip (React text). */
  label: string;
  color: string;
  /** False for series a click cannot filter by (e.g. "other"). */
  clickable?: boolean;
}

/**
 * Stacked bars over time buckets. A click on a bar reports the bucket (and the series clicked); a click on a
 * legend entry reports the series. The bucket still filling (the window ends in it) is drawn lighter and named
 * in the tooltip, so it does not read as a dip or a spike. The y axis has whole-number ticks only for counts.
 * With a `comparison`, the compared period's total per bucket (`prev_total` in the points) is a dashed line
 * over the stacks, and the tooltip gives it with the change of the bucket's total.
 */
export function TimeBarsChart(props: {
  points: readonly { t: string }[];
  series: readonly ChartSeries[];
  stepSeconds: number;
  spanSeconds: number;
  format: (v: number) => string;
  height?: number;
  onBucketClick?: (t: string, seriesKey?: string) => void;
  onSeriesClick?: (series: ChartSeries) => void;
  /** Alert markers on the buckets (from toMarkerRows); a click on one reports its id. */
  markers?: readonly MarkerRow[];
  onMarkerClick?: (id: string) => void;
  /** The values are counts (whole-number ticks). */
  integer?: boolean;
  /** End of the window (ISO): the last bucket is partial when it ends later. */
  windowTo?: string;
  /** What the chart shows: the plot's accessible name (with how to use it by keyboard). */
  title?: string;
  /** False when a click must name a series (the keyboard reaches buckets, not series): Enter then opens nothing. */
  keyboardOpens?: boolean;
  /** The comparison period's total per bucket (points carry prev_total, prev_t, prev_volume). */
  comparison?: ChartComparison;
  /** The comparison's previous_volume is a call count (low-volume buckets get no change). */
  comparisonVolume?: boolean;
}) {
  const { points, series, stepSeconds, spanSeconds, format } = props;
  const zone = useTimeZone();
  const partial = partialBucket(points, stepSeconds, props.windowTo);
  // Enter on a bucket opens all of it (no one series), as a click on the bucket would.
  const opens = props.onBucketClick && props.keyboardOpens !== false;
  const keys = useBucketKeys(opens ? (t) => props.onBucketClick?.(t) : undefined);
  const cmp = props.comparison;
  // Bars and a line need a composed chart; without a comparison the chart stays a plain bar chart.
  const Chart = cmp ? ComposedChart : BarChart;
  const total = (p: Record<string, unknown>) => series.reduce((a, s) => a + (Number(p[s.key]) || 0), 0);
  return (
    <div onKeyDown={keys.onKeyDown}>
    <ResponsiveContainer width="100%" height={props.height ?? 220}>
      <Chart title={chartTitle(props.title, !!opens)} data={points as never[]} margin={{ top: props.markers ? MARKER_MARGIN_TOP : 4, right: 8, bottom: 0, left: 0 }} barCategoryGap={points.length > 100 ? 0 : "15%"}>
        <CartesianGrid strokeDasharray="3 3" vertical={false} stroke="var(--color-slate-200)" />
        <XAxis
          dataKey="t"
          tickFormatter={(t: string) => formatTime(t, stepSeconds, spanSeconds, zone)}
          minTickGap={28}
          tick={{ fontSize: 11, fill: "var(--color-slate-500)" }}
        />
        <YAxis tickFormatter={(v: number) => format(v)} width={64} tick={{ fontSize: 11, fill: "var(--color-slate-500)" }} allowDecimals={!props.integer} />
        <Tooltip
          labelFormatter={(t) => `${formatBucket(String(t), stepSeconds, zone)}${t === partial ? " (partial: so far)" : ""}`}
          formatter={(v, name, item) => {
            const p = (item as { payload?: Record<string, unknown> & { t: string } }).payload;
            if (!cmp || !p || (item as { dataKey?: unknown }).dataKey !== `${PREV}total`) return [format(Number(v)), name];
            const prev = v === null || v === undefined ? null : Number(v);
            const when = typeof p.prev_t === "string" ? ` (${formatBucket(p.prev_t, stepSeconds, zone)})` : "";
            const now = total(p);
            return [`${prev === null ? "—" : format(prev)} · now ${format(now)}, ${changeText({ value: now, previous: prev, row: p, partial: p.t === partial, withVolume: !!props.comparisonVolume })}`, `${name}${when}`];
          }}
          cursor={{ fill: "rgba(99,102,241,0.08)" }}
        />
        <Legend
          itemSorter={(item) => (item.dataKey === `${PREV}total` ? series.length : series.findIndex((x) => x.key === item.dataKey))}
          wrapperStyle={{ fontSize: 12, cursor: props.onSeriesClick ? "pointer" : undefined }}
          onClick={(entry) => {
            const s = series.find((x) => x.key === entry.dataKey);
            if (s && s.clickable !== false) props.onSeriesClick?.(s);
          }}
        />
        {series.map((s) => (
          <Bar
            key={s.key}
            dataKey={s.key}
            name={s.label}
            stackId="stack"
            fill={s.color}
            isAnimationActive={false}
            cursor={props.onBucketClick ? "pointer" : undefined}
            onClick={(d) => {
              const t = (d as { payload?: { t?: string } }).payload?.t;
              if (t) props.onBucketClick?.(t, s.key);
            }}
          >
            {partial && points.map((p) => <Cell key={p.t} fillOpacity={p.t === partial ? 0.4 : 1} className={p.t === partial ? "bar-partial" : undefined} />)}
          </Bar>
        ))}
        {cmp && (
          <Line
            dataKey={`${PREV}total`}
            name={`total, ${cmp.label}`}
            stroke="var(--color-slate-500)"
            strokeWidth={1.5}
            strokeDasharray={COMPARISON_DASH}
            className="chart-previous"
            dot={false}
            activeDot={{ r: 3, strokeWidth: 0, fill: "var(--color-slate-500)" }}
            connectNulls={false}
            isAnimationActive={false}
            type="monotone"
          />
        )}
        {props.markers && <ChartMarkers markers={props.markers} onMarkerClick={props.onMarkerClick} />}
        <ActiveBucket target={keys.active} />
      </Chart>
    </ResponsiveContainer>
      {cmp && <ComparisonLegend comparison={cmp} />}
      {partial && (
        <p className="text-[11px] text-slate-500" data-testid="chart-quality">
          The last bucket is still filling (partial, drawn lighter).
        </p>
      )}
    </div>
  );
}
