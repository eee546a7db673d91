"use client";
import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { isLowVolume, isolatedPoints, LOW_VOLUME_CALLS, partialBucket } from "@/lib/metrics/bucket-quality";
import type { MarkerRow } from "@/lib/metrics/marker-rows";
import { ActiveBucket, chartTitle, useBucketKeys } from "./chart-keyboard";
import { ChartMarkers, MARKER_MARGIN_TOP } from "./chart-markers";
import { formatBucket, formatTime } from "./format";
import { useTimeZone } from "@/components/ui/use-time-zone";
import type { ChartSeries } from "./time-bars-chart";
import { COMPARISON_DASH, ComparisonLegend, changeText, type ChartComparison } from "./chart-comparison";
import { PREV } from "@/lib/metrics/with-previous-points";

type Point = { t: string } & Record<string, unknown>;

/**
 * Lines over time buckets; a null value is a gap (no data), not zero. A click reports the bucket. A value
 * with gaps on both sides gets a dot (a quiet hour would otherwise draw nothing); a bucket with few calls
 * (`volume`) and the bucket still filling (the window ends in it) are drawn hollow and named in the tooltip.
 * With a `comparison`, each series has a dashed, muted twin (`prev_<key>` in the points) and the tooltip gives
 * the compared bucket's value and the change.
 */
export function TimeLinesChart(props: {
  points: readonly { t: string }[];
  series: readonly ChartSeries[];
  stepSeconds: number;
  spanSeconds: number;
  format: (v: number) => string;
  height?: number;
  /** Y axis range; the default fits the data. */
  yDomain?: [number, number | ((dataMax: number) => number)];
  onBucketClick?: (t: string) => void;
  /** Alert markers on the buckets (from toMarkerRows); a click on one reports its id. */
  markers?: readonly MarkerRow[];
  onMarkerClick?: (id: string) => void;
  /** Calls behind a point (its confidence). */
  volume?: (point: Point) => number;
  /** End of the window (ISO): the last bucket is partial when it ends later. */
  windowTo?: string;
  /** What the chart shows: the plot's accessible name (with how to use it by keyboard). */
  title?: string;
  /** The comparison period drawn under the series (points carry prev_<key>, prev_t, prev_volume). */
  comparison?: ChartComparison;
}) {
  const { points, series, stepSeconds, spanSeconds, format } = props;
  const zone = useTimeZone();
  const partial = partialBucket(points, stepSeconds, props.windowTo);
  const low = (p: Point) => (props.volume ? isLowVolume(props.volume(p)) : false);
  const isolated = new Map(series.map((s) => [s.key, isolatedPoints(points.map((p) => (p as Point)[s.key] as number | null))]));
  const anyLow = points.some((p) => low(p as Point));
  const keys = useBucketKeys(props.onBucketClick);
  const cmp = props.comparison;
  const prevIsolated = new Map(cmp ? series.map((s) => [s.key, isolatedPoints(points.map((p) => (p as Point)[`${PREV}${s.key}`] as number | null))]) : []);
  return (
    <div onKeyDown={keys.onKeyDown}>
      <ResponsiveContainer width="100%" height={props.height ?? 220}>
        <LineChart
          title={chartTitle(props.title, !!props.onBucketClick)}
          data={points as never[]}
          margin={{ top: props.markers ? MARKER_MARGIN_TOP : 4, right: 8, bottom: 0, left: 0 }}
          onClick={(state) => {
            const t = state?.activeLabel;
            if (typeof t === "string") props.onBucketClick?.(t);
          }}
          style={props.onBucketClick ? { cursor: "pointer" } : undefined}
        >
          <CartesianGrid strokeDasharray="3 3" vertical={false} stroke="var(--color-slate-200)" />
          <XAxis dataKey="t" tickFormatter={(t: string) => formatTime(t, stepSeconds, spanSeconds, zone)} minTickGap={28} tick={{ fontSize: 11, fill: "var(--color-slate-500)" }} />
          <YAxis tickFormatter={(v: number) => format(v)} width={64} tick={{ fontSize: 11, fill: "var(--color-slate-500)" }} domain={props.yDomain ?? [0, "auto"]} />
          <Tooltip
            labelFormatter={(t) => `${formatBucket(String(t), stepSeconds, zone)}${t === partial ? " (partial: so far)" : ""}`}
            formatter={(v, name, item) => {
              const p = (item as { payload?: Point }).payload;
              const dataKey = String((item as { dataKey?: unknown }).dataKey ?? "");
              if (cmp && p && dataKey.startsWith(PREV)) {
                const cur = p[dataKey.slice(PREV.length)] as number | null;
                const prev = v === null || v === undefined ? null : Number(v);
                const when = typeof p.prev_t === "string" ? ` (${formatBucket(p.prev_t, stepSeconds, zone)})` : "";
                return [`${prev === null ? "—" : format(prev)} · ${changeText({ value: cur ?? null, previous: prev, row: p, partial: p.t === partial, withVolume: !!props.volume })}`, `${name}${when}`];
              }
              const n = p && props.volume ? props.volume(p) : null;
              return [`${v === null ? "—" : format(Number(v))}${p && low(p) ? ` · low confidence: ${n} call${n === 1 ? "" : "s"}` : ""}`, name];
            }}
          />
          <Legend itemSorter={(item) => legendOrder(series, String(item.dataKey))} wrapperStyle={{ fontSize: 12 }} />
          {cmp &&
            series.map((s) => (
              <Line
                key={`${PREV}${s.key}`}
                dataKey={`${PREV}${s.key}`}
                name={`${s.label}, ${cmp.label}`}
                stroke={s.color}
                strokeOpacity={0.55}
                strokeWidth={1.5}
                strokeDasharray={COMPARISON_DASH}
                className="chart-previous"
                dot={(dot) => {
                  const d = dot as { key?: React.Key | null; index?: number; cx?: number; cy?: number };
                  // A lone previous value makes no segment: a small muted dot, so it is seen at all.
                  if (d.cx === undefined || d.cy === undefined || !prevIsolated.get(s.key)?.[d.index ?? -1]) return <g key={d.key ?? undefined} />;
                  return <circle key={d.key ?? undefined} cx={d.cx} cy={d.cy} r={2.5} fill={s.color} fillOpacity={0.55} />;
                }}
                activeDot={{ r: 3, strokeWidth: 0, fill: s.color, fillOpacity: 0.55 }}
                connectNulls={false}
                isAnimationActive={false}
                type="monotone"
              />
            ))}
          {series.map((s) => (
            <Line
              key={s.key}
              dataKey={s.key}
              name={s.label}
              stroke={s.color}
              strokeWidth={2}
              dot={(dot) => {
                const d = dot as { key?: React.Key | null; index?: number; cx?: number; cy?: number; payload?: Point };
                const p = d.payload;
                const i = d.index ?? -1;
                if (!p || d.cx === undefined || d.cy === undefined || p[s.key] === null || p[s.key] === undefined) return <g key={d.key ?? undefined} />;
                const hollow = low(p) || p.t === partial;
                if (!hollow && !isolated.get(s.key)?.[i] && points.length > 30) return <g key={d.key ?? undefined} />;
                return (
                  <circle
                    key={d.key ?? undefined}
                    cx={d.cx}
                    cy={d.cy}
                    r={hollow ? 3.5 : 3}
                    fill={hollow ? "var(--color-white)" : s.color}
                    stroke={s.color}
                    strokeWidth={1.5}
                    strokeDasharray={hollow ? "2 1.5" : undefined}
                    className="chart-dot"
                    data-low-confidence={low(p) ? "true" : undefined}
                    data-partial={p.t === partial ? "true" : undefined}
                  />
                );
              }}
              connectNulls={false}
              isAnimationActive={false}
              type="monotone"
            />
          ))}
          {props.markers && <ChartMarkers markers={props.markers} onMarkerClick={props.onMarkerClick} />}
          <ActiveBucket target={keys.active} />
        </LineChart>
      </ResponsiveContainer>
      {cmp && <ComparisonLegend comparison={cmp} />}
      {(anyLow || partial) && (
        <p className="text-[11px] text-slate-500" data-testid="chart-quality">
          {anyLow && <>Hollow points: fewer than {LOW_VOLUME_CALLS} calls in the bucket (low confidence). </>}
          {partial && <>The last bucket is still filling (partial).</>}
        </p>
      )}
    </div>
  );
}

/** Legend order: the series, then their comparison twins in the same order. */
function legendOrder(series: readonly ChartSeries[], dataKey: string): number {
  const prev = dataKey.startsWith(PREV);
  const i = series.findIndex((x) => x.key === (prev ? dataKey.slice(PREV.length) : dataKey));
  return prev ? series.length + i : i;
}
