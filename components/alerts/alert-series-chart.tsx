"use client";
import { Area, CartesianGrid, ComposedChart, Line, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import type { AlertChart } from "@/lib/alerts/get-alert";
import { formatClock, formatDateTime } from "@/components/charts/format";
import { useTimeZone } from "@/components/ui/use-time-zone";

// The series behind an alert, per minute, against its usual band (or the rule's threshold), with the
// moment the alert opened marked. The x axis is time (not a list of labels), in the same clock as the
// alert's "Opened" line, and always reaches the moment the alert opened, so that line is on the chart.

export function formatMetric(metric: string, v: number): string {
  if (metric === "error_rate") return `${(v * 100).toFixed(v < 0.1 ? 1 : 0)} %`;
  if (metric === "cost") return v >= 100 ? `$${v.toFixed(0)}` : `$${v.toFixed(v < 1 ? 3 : 2)}`;
  if (metric === "latency") return v >= 10_000 ? `${(v / 1000).toFixed(1)} s` : `${Math.round(v)} ms`;
  return Number.isInteger(v) ? String(v) : v.toFixed(1);
}

export function toAlertChartRows(chart: AlertChart) {
  return chart.series.map((p) => ({ t: Date.parse(p.t), v: p.v, band: chart.band ? [chart.band.low, chart.band.high] : undefined }));
}

/** The x domain: the series, widened to the moment the alert opened. */
export function alertChartDomain(rows: readonly { t: number }[], openedMs: number): [number, number] {
  const first = rows[0]?.t ?? openedMs;
  const last = rows.at(-1)?.t ?? openedMs;
  return [Math.min(first, openedMs), Math.max(last, openedMs)];
}

export function AlertSeriesChart({ chart, openedAt }: { chart: AlertChart; openedAt: string }) {
  const zone = useTimeZone();
  const rows = toAlertChartRows(chart);
  const opened = Date.parse(openedAt);
  const fmt = (v: number) => formatMetric(chart.metric, v);
  return (
    <figure aria-label={`${chart.metric} per minute against its usual band`} data-testid="alert-chart">
      <ResponsiveContainer width="100%" height={200}>
        <ComposedChart data={rows} margin={{ top: 16, right: 12, bottom: 0, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" vertical={false} stroke="var(--color-slate-200)" />
          <XAxis dataKey="t" type="number" scale="time" domain={alertChartDomain(rows, opened)} tickFormatter={(t: number) => formatClock(t, zone)} minTickGap={32} tick={{ fontSize: 11, fill: "var(--color-slate-500)" }} />
          <YAxis tickFormatter={fmt} width={64} tick={{ fontSize: 11, fill: "var(--color-slate-500)" }} />
          <Tooltip labelFormatter={(t) => formatDateTime(Number(t), zone)} formatter={(v, name) => [Array.isArray(v) ? v.map((x) => fmt(Number(x))).join(" – ") : v === null ? "—" : fmt(Number(v)), name === "band" ? "usual" : "observed"]} />
          {chart.band && <Area dataKey="band" stroke="none" fill="var(--color-indigo-200)" fillOpacity={0.6} isAnimationActive={false} name="band" />}
          {chart.band && <ReferenceLine y={chart.band.center} stroke="#818cf8" strokeDasharray="4 4" />}
          {chart.threshold !== null && <ReferenceLine y={chart.threshold} stroke="#dc2626" strokeDasharray="4 4" label={{ value: "threshold", fontSize: 10, fill: "#dc2626", position: "insideTopLeft" }} />}
          <Line dataKey="v" stroke="#0f172a" strokeWidth={2} dot={false} connectNulls={false} isAnimationActive={false} name="observed" />
          <ReferenceLine x={opened} stroke="#dc2626" ifOverflow="extendDomain" className="alert-opened-line" label={{ value: "alert opened", fontSize: 10, fill: "#dc2626", position: "top" }} />
        </ComposedChart>
      </ResponsiveContainer>
      <figcaption className="text-xs text-slate-500">Per minute, times as on this page ({formatDateTime(rows[0]?.t ?? opened, zone)} – {formatClock(rows.at(-1)?.t ?? opened, zone)}, {zone}). Shaded: the usual range for this hour of the week; red line: when the alert opened ({formatDateTime(opened, zone)}).</figcaption>
    </figure>
  );
}
