"use client";
import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import type { MarkerRow } from "@/lib/metrics/marker-rows";
import { ChartMarkers, MARKER_MARGIN_TOP } from "./chart-markers";
import { formatBucket, formatTime } from "./format";
import type { ChartSeries } from "./time-bars-chart";

/** Lines over time buckets; a null value is a gap (no data), not zero. A click reports the bucket. */
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
}) {
  const { points, series, stepSeconds, spanSeconds, format } = props;
  return (
    <ResponsiveContainer width="100%" height={props.height ?? 220}>
      <LineChart
        data={points as never[]}
        margin={{ top: props.markers ? MARKER_MARGIN_TOP : 4, right: 8, bottom: 0, left: 0 }}
        onClick={(state) => {
          const t = state?.activeLabel;
          if (typeof t === "string") props.onBucketClick?.(t);
        }}
        style={props.onBucketClick ? { cursor: "pointer" } : undefined}
      >
        <CartesianGrid strokeDasharray="3 3" vertical={false} stroke="#e2e8f0" />
        <XAxis dataKey="t" tickFormatter={(t: string) => formatTime(t, stepSeconds, spanSeconds)} minTickGap={28} tick={{ fontSize: 11, fill: "#64748b" }} />
        <YAxis tickFormatter={(v: number) => format(v)} width={64} tick={{ fontSize: 11, fill: "#64748b" }} domain={props.yDomain ?? [0, "auto"]} />
        <Tooltip labelFormatter={(t) => formatBucket(String(t), stepSeconds)} formatter={(v, name) => [v === null ? "—" : format(Number(v)), name]} />
        <Legend itemSorter={(item) => series.findIndex((x) => x.key === item.dataKey)} wrapperStyle={{ fontSize: 12 }} />
        {series.map((s) => (
          <Line
            key={s.key}
            dataKey={s.key}
            name={s.label}
            stroke={s.color}
            strokeWidth={2}
            dot={points.length <= 30}
            connectNulls={false}
            isAnimationActive={false}
            type="monotone"
          />
        ))}
        {props.markers && <ChartMarkers markers={props.markers} onMarkerClick={props.onMarkerClick} />}
      </LineChart>
    </ResponsiveContainer>
  );
}
