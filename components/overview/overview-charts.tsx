"use client";
import { SERIES_COLORS, STATUS_COLORS, formatCount, formatMs, formatPercent, formatUsd } from "@/components/charts/format";
import { ChartCard } from "@/components/charts/chart-card";
import { TimeBarsChart, type ChartSeries } from "@/components/charts/time-bars-chart";
import { TimeLinesChart } from "@/components/charts/time-lines-chart";
import { TopBarsChart } from "@/components/charts/top-bars-chart";
import { formatDateTime } from "@/components/charts/format";
import type { ChartComparison } from "@/components/charts/chart-comparison";
import { useTimeZone } from "@/components/ui/use-time-zone";
import { alignPreviousPeriod, type PeriodShift } from "@/lib/metrics/align-previous-period";
import type { CompareMode } from "@/lib/metrics/previous-window";
import { withPreviousPoints } from "@/lib/metrics/with-previous-points";
import { shiftWallClock } from "@/lib/time/shift-wall-clock";
import { toMarkerRows, type MarkerInput, type SubjectName } from "@/lib/metrics/marker-rows";
import { OTHER_LABEL } from "@/lib/metrics/series";
import type { ComparisonPeriod, WindowInfo } from "@/lib/metrics/schema";
import { useCallsSeries, useCostSeries, useErrorRateSeries, useLatencySeries, useRiskFlagSeries, useTopSpenders, useTopTools, type MetricsParams } from "./use-metrics";

// The overview's chart cards: each reads one endpoint and turns clicks into page filters or a selected
// bucket (which the dashboard offers to zoom into or open in the explorer).

export interface BucketSelection {
  t: string;
  stepSeconds: number;
  status?: string;
}

/** Alerts to flag on the time charts (only for users who may read alerts), and what a click on a flag does. */
export interface ChartAlerts {
  markers: readonly MarkerInput[];
  subjectName: SubjectName;
  onOpen: (id: string) => void;
}

/** The flags of one chart, placed on its own buckets (each chart has its own window and step). */
const markerProps = (alerts: ChartAlerts | undefined, d: { points: readonly { t: string }[]; window: WindowInfo }) =>
  alerts ? { markers: toMarkerRows(alerts.markers, d.points, d.window.stepSeconds, alerts.subjectName), onMarkerClick: alerts.onOpen } : {};

export const COMPARE_LABELS: Record<CompareMode, string> = { previous: "previous period", week: "same time last week" };

/**
 * A chart's rows with the comparison period aligned under them (when the response has one) and the legend's
 * two periods in the viewer's clock. "previous": bucket i under bucket i; "same time last week": the bucket
 * holding the same wall-clock time 7 days earlier in the viewer's zone (an hour off across a DST change).
 */
function withComparison<P extends { t: string }, Q extends { t: string }>(
  d: { window: WindowInfo; points: readonly P[]; previous?: ComparisonPeriod<Q> },
  zone: string,
  pick: (q: Q) => { values: Record<string, number | null>; volume?: number },
): { points: readonly { t: string }[]; comparison?: ChartComparison } {
  const prev = d.previous;
  if (!prev) return { points: d.points };
  const shift: PeriodShift = prev.mode === "previous" ? { by: "duration", ms: Date.parse(d.window.from) - Date.parse(prev.from) } : { by: "wall-clock", days: 7, zone };
  const aligned = alignPreviousPeriod({ current: d.points.map((p) => p.t), previous: prev.points, stepSeconds: d.window.stepSeconds, shift });
  const at = (v: string | Date) => formatDateTime(v, zone);
  const weekBack = (iso: string) => shiftWallClock({ at: new Date(iso), days: -7, zone });
  return {
    points: withPreviousPoints({ points: d.points, aligned, pick }),
    comparison: {
      label: COMPARE_LABELS[prev.mode],
      current: { from: at(d.window.from), to: at(d.window.to) },
      previous: prev.mode === "previous" ? { from: at(prev.from), to: at(prev.to) } : { from: at(weekBack(d.window.from)), to: at(weekBack(d.window.to)) },
    },
  };
}

const callsTotal = (p: { ok: number; error: number; timeout: number; blocked: number; denied: number }) => p.ok + p.error + p.timeout + p.blocked + p.denied;

const span = (w?: WindowInfo) => (w ? (new Date(w.to).getTime() - new Date(w.from).getTime()) / 1000 : 0);

const STATUS_LABELS: Record<string, string> = { ok: "ok", error: "error", timeout: "timeout", blocked: "blocked", denied: "denied" };

export function CallsCard({ params, onSelect, alerts }: { params: MetricsParams; onSelect: (s: BucketSelection) => void; alerts?: ChartAlerts }) {
  const q = useCallsSeries(params);
  const d = q.data;
  const zone = useTimeZone();
  const cmp = d && withComparison(d, zone, (p) => ({ values: { total: callsTotal(p) }, volume: callsTotal(p) }));
  const series: ChartSeries[] = (d?.statuses ?? []).map((s) => ({ key: s, label: d?.window.source === "user_day" && s === "ok" ? "ok / other" : STATUS_LABELS[s], color: STATUS_COLORS[s] }));
  const empty = !d || d.points.every((p) => p.ok + p.error + p.timeout + p.blocked + p.denied === 0);
  return (
    <ChartCard title="Calls by status" unit="calls per bucket" testId="chart-calls" loading={q.isPending} error={q.error} onRetry={() => void q.refetch()} empty={empty} ignoredFilters={d?.window.ignoredFilters}>
      {d && (
        <TimeBarsChart
          title="Calls by status"
          points={cmp?.points ?? d.points}
          comparison={cmp?.comparison}
          comparisonVolume
          series={series}
          stepSeconds={d.window.stepSeconds}
          spanSeconds={span(d.window)}
          {...markerProps(alerts, d)}
          format={formatCount}
          integer
          windowTo={d.window.to}
          onBucketClick={(t, key) => onSelect({ t, stepSeconds: d.window.stepSeconds, status: key === "ok" ? undefined : key })}
        />
      )}
    </ChartCard>
  );
}

export function ErrorRateCard({ params, onSelect, alerts }: { params: MetricsParams; onSelect: (s: BucketSelection) => void; alerts?: ChartAlerts }) {
  const q = useErrorRateSeries(params);
  const d = q.data;
  const zone = useTimeZone();
  const cmp = d && withComparison(d, zone, (p) => ({ values: { rate: p.rate }, volume: p.calls }));
  return (
    <ChartCard
      title="Error rate"
      unit="% of calls with status error"
      testId="chart-error-rate"
      loading={q.isPending}
      error={q.error}
      onRetry={() => void q.refetch()}
      empty={!d || d.overall === null}
      ignoredFilters={d?.window.ignoredFilters}
      note={d && d.overall !== null ? <>Whole range: {formatPercent(d.overall, 2)}.</> : undefined}
    >
      {d && (
        <TimeLinesChart
          title="Error rate"
          points={cmp?.points ?? d.points}
          comparison={cmp?.comparison}
          series={[{ key: "rate", label: "error rate", color: STATUS_COLORS.error }]}
          stepSeconds={d.window.stepSeconds}
          spanSeconds={span(d.window)}
          {...markerProps(alerts, d)}
          format={(v) => formatPercent(v)}
          volume={(p) => Number(p.calls)}
          windowTo={d.window.to}
          yDomain={[0, (max) => (max > 0 ? Math.min(1, max * 1.15) : 0.05)]}
          onBucketClick={(t) => onSelect({ t, stepSeconds: d.window.stepSeconds, status: "error" })}
        />
      )}
    </ChartCard>
  );
}

export function LatencyCard({ params, onSelect, alerts }: { params: MetricsParams; onSelect: (s: BucketSelection) => void; alerts?: ChartAlerts }) {
  const q = useLatencySeries(params);
  const d = q.data;
  const zone = useTimeZone();
  const cmp = d && withComparison(d, zone, (p) => ({ values: { p50: p.p50, p95: p.p95 }, volume: p.n }));
  return (
    <ChartCard title="Latency" unit="p50 / p95, milliseconds (from the duration histogram)" testId="chart-latency" loading={q.isPending} error={q.error} onRetry={() => void q.refetch()} empty={!d || d.points.every((p) => p.n === 0)} ignoredFilters={d?.window.ignoredFilters}>
      {d && (
        <TimeLinesChart
          title="Latency"
          points={cmp?.points ?? d.points}
          comparison={cmp?.comparison}
          series={[
            { key: "p50", label: "p50", color: "#0ea5e9" },
            { key: "p95", label: "p95", color: "#6366f1" },
          ]}
          stepSeconds={d.window.stepSeconds}
          spanSeconds={span(d.window)}
          {...markerProps(alerts, d)}
          format={formatMs}
          volume={(p) => Number(p.n)}
          windowTo={d.window.to}
          onBucketClick={(t) => onSelect({ t, stepSeconds: d.window.stepSeconds })}
        />
      )}
    </ChartCard>
  );
}

function Toggle<T extends string>(props: { label: string; value: T; options: readonly { value: T; label: string }[]; onChange: (v: T) => void }) {
  return (
    <div role="group" aria-label={props.label} className="inline-flex overflow-hidden rounded border border-slate-300 text-xs">
      {props.options.map((o) => (
        <button key={o.value} type="button" aria-pressed={props.value === o.value} onClick={() => props.onChange(o.value)} className={`px-2 py-0.5 ${props.value === o.value ? "bg-slate-800 text-white" : "bg-white text-slate-700 hover:bg-slate-100"}`}>
          {o.label}
        </button>
      ))}
    </div>
  );
}

export function CostCard({ params, by, onBy, onFilter, alerts }: { params: MetricsParams; by: "team" | "tool"; onBy: (b: "team" | "tool") => void; onFilter: (key: "team" | "tool", value: string) => void; alerts?: ChartAlerts }) {
  const q = useCostSeries({ ...params, by });
  const d = q.data;
  const zone = useTimeZone();
  const cmp = d && withComparison(d, zone, (p) => ({ values: { total: p.total } }));
  const series: ChartSeries[] = (d?.series ?? []).map((s, i) => ({ key: s.key, label: s.label, color: s.label === OTHER_LABEL ? "#cbd5e1" : SERIES_COLORS[i % SERIES_COLORS.length], clickable: s.label !== OTHER_LABEL }));
  return (
    <ChartCard
      title={`Cost by ${by}`}
      unit="USD per bucket · click a legend entry to filter"
      testId="chart-cost"
      loading={q.isPending}
      error={q.error}
      onRetry={() => void q.refetch()}
      empty={!d || d.series.length === 0}
      emptyText="No spend in this range"
      ignoredFilters={d?.window.ignoredFilters}
      note={d ? <>Total: {formatUsd(d.totalUsd)}.</> : undefined}
      actions={<Toggle label="Stack cost by" value={by} options={[{ value: "team", label: "Team" }, { value: "tool", label: "Tool" }]} onChange={onBy} />}
    >
      {d && (
        <TimeBarsChart
          title={`Cost by ${by}`}
          points={cmp?.points ?? d.points}
          comparison={cmp?.comparison}
          series={series}
          stepSeconds={d.window.stepSeconds}
          spanSeconds={span(d.window)}
          {...markerProps(alerts, d)}
          format={formatUsd}
          windowTo={d.window.to}
          keyboardOpens={false}
          onSeriesClick={(s) => s.label !== "(no team)" && onFilter(by, s.label)}
          onBucketClick={(_, key) => {
            const s = series.find((x) => x.key === key);
            if (s && s.clickable !== false && s.label !== "(no team)") onFilter(by, s.label);
          }}
        />
      )}
    </ChartCard>
  );
}

export function TopToolsCard({ params, onFilter }: { params: MetricsParams; onFilter: (server: string, tool: string) => void }) {
  const q = useTopTools(params);
  const d = q.data;
  return (
    <ChartCard title="Top tools by errors" unit="errors in range · click a bar to filter" testId="chart-top-tools" loading={q.isPending} error={q.error} onRetry={() => void q.refetch()} empty={!d || d.rows.length === 0} emptyText="No errors in this range" ignoredFilters={d?.window.ignoredFilters}>
      {d && (
        <TopBarsChart
          title="Top tools by errors"
          rows={d.rows.map((r) => ({ id: `${r.server}\u0000${r.tool}`, label: r.tool, value: r.errors, detail: `${r.server} · ${formatPercent(r.errorRate)} of ${formatCount(r.calls)} calls` }))}
          color={STATUS_COLORS.error}
          valueLabel="errors"
          format={formatCount}
          onBarClick={(row) => {
            const [server, tool] = row.id.split("\u0000");
            onFilter(server, tool);
          }}
        />
      )}
    </ChartCard>
  );
}

export function TopSpendersCard({ params, by, onBy, onFilter }: { params: MetricsParams; by: "user" | "team"; onBy: (b: "user" | "team") => void; onFilter: (key: "user" | "team", value: string) => void }) {
  const q = useTopSpenders({ ...params, by });
  const d = q.data;
  return (
    <ChartCard
      title={`Top ${by === "user" ? "users" : "teams"} by spend`}
      unit="USD in range · click a bar to filter"
      testId="chart-top-spenders"
      loading={q.isPending}
      error={q.error}
      onRetry={() => void q.refetch()}
      empty={!d || d.rows.length === 0}
      emptyText="No spend in this range"
      ignoredFilters={d?.window.ignoredFilters}
      note={d?.wholeDays ? "Per-user figures come from the daily rollup: whole UTC days touching the range." : undefined}
      actions={<Toggle label="Spenders by" value={by} options={[{ value: "user", label: "Users" }, { value: "team", label: "Teams" }]} onChange={onBy} />}
    >
      {d && (
        <TopBarsChart
          title={`Top ${by === "user" ? "users" : "teams"} by spend`}
          rows={d.rows.map((r) => ({ id: r.key || "\u0000", label: r.key || "(no team)", value: r.costUsd, detail: `${formatCount(r.calls)} calls${r.team ? ` · team ${r.team}` : ""}` }))}
          color="#6366f1"
          valueLabel="spend"
          format={formatUsd}
          onBarClick={(row) => row.id !== "\u0000" && onFilter(by, row.id)}
        />
      )}
    </ChartCard>
  );
}

/** `onFlag` absent: the role cannot open the events, so the chart offers no click. */
export function RiskFlagsCard({ params, onFlag, alerts }: { params: MetricsParams; onFlag?: (flag: string, t?: string, stepSeconds?: number) => void; alerts?: ChartAlerts }) {
  const q = useRiskFlagSeries(params);
  const d = q.data;
  const zone = useTimeZone();
  const cmp = d && withComparison(d, zone, (p) => ({ values: { total: p.total }, volume: p.total }));
  const series: ChartSeries[] = (d?.series ?? []).map((s, i) => ({ key: s.key, label: s.label, color: s.label === OTHER_LABEL ? "#cbd5e1" : SERIES_COLORS[(i + 3) % SERIES_COLORS.length], clickable: s.label !== OTHER_LABEL }));
  return (
    <ChartCard title="Risk flags over time" unit={onFlag ? "flagged calls per bucket · click to open those events" : "flagged calls per bucket"} testId="chart-risk-flags" loading={q.isPending} error={q.error} onRetry={() => void q.refetch()} empty={!d || d.total === 0} emptyText="No risk flags in this range" ignoredFilters={d?.window.ignoredFilters} className="lg:col-span-2">
      {d && (
        <TimeBarsChart
          title="Risk flags over time"
          points={cmp?.points ?? d.points}
          comparison={cmp?.comparison}
          comparisonVolume
          series={series}
          stepSeconds={d.window.stepSeconds}
          spanSeconds={span(d.window)}
          {...markerProps(alerts, d)}
          format={formatCount}
          integer
          windowTo={d.window.to}
          keyboardOpens={false}
          onSeriesClick={onFlag && ((s) => onFlag(s.label))}
          onBucketClick={
            onFlag &&
            ((t, key) => {
              const s = series.find((x) => x.key === key);
              if (s && s.clickable !== false) onFlag(s.label, t, d.window.stepSeconds);
            })
          }
        />
      )}
    </ChartCard>
  );
}
