"use client";
import type { CountTile, KpiTile, Kpis } from "@/lib/metrics/find-kpis";
import { formatChange, formatCount, formatMs, formatPercent, formatUsd } from "@/components/charts/format";
import Link from "next/link";
import { Skeleton } from "@/components/ui/skeleton";
import { useCanOpen } from "@/components/layout/use-can-open";

type Tone = "up-bad" | "up-good" | "neutral";

function changeClass(change: number | null, tone: Tone): string {
  if (change === null || change === 0 || tone === "neutral") return "text-slate-600";
  const bad = tone === "up-bad" ? change > 0 : change < 0;
  return bad ? "text-red-700" : "text-emerald-700";
}

function Tile(props: { label: string; value: string; tile?: KpiTile; tone: Tone; previousText?: string; note?: string; testId: string; href?: string }) {
  const t = props.tile;
  return (
    <div className={`card min-w-0 py-3 ${props.href ? "relative hover:border-indigo-300" : ""}`} data-testid={props.testId}>
      <div className="text-xs font-medium uppercase tracking-wide text-slate-500">
        {props.href ? (
          // The whole tile is the link's target area; its name is the tile's label.
          <Link href={props.href} className="after:absolute after:inset-0 hover:underline">
            {props.label}
          </Link>
        ) : (
          props.label
        )}
      </div>
      <div className="mt-1 text-xl font-semibold tabular-nums [overflow-wrap:anywhere] text-slate-900 sm:text-2xl" data-testid={`${props.testId}-value`}>
        {props.value}
      </div>
      {t && (
        <div className={`mt-0.5 text-xs ${changeClass(t.change, props.tone)}`} title={props.previousText ? `Previous period: ${props.previousText}` : undefined}>
          {formatChange(t.change)} <span className="text-slate-600">vs previous{props.previousText ? ` (${props.previousText})` : ""}</span>
        </div>
      )}
      {props.note && <div className="mt-0.5 text-xs text-slate-500">{props.note}</div>}
    </div>
  );
}

const ignoredNote = (t: { ignoredFilters: readonly string[] }) => (t.ignoredFilters.length ? `not narrowed by ${t.ignoredFilters.join(", ")}` : undefined);

/** The eight KPI tiles; the rollup-based ones compare with the previous period of the same length. */
export function KpiTiles({ data, loading }: { data?: Kpis; loading: boolean }) {
  const canOpen = useCanOpen();
  if (loading || !data) {
    return (
      <div className="grid grid-cols-2 gap-3 lg:grid-cols-4" aria-busy="true" aria-label="Loading key figures">
        {Array.from({ length: 8 }, (_, i) => (
          <Skeleton key={i} className="h-[88px] w-full" />
        ))}
      </div>
    );
  }
  const count = (c: CountTile) => formatCount(c.value);
  return (
    <div className="grid grid-cols-2 gap-3 lg:grid-cols-4" aria-label="Key figures">
      <Tile testId="kpi-calls" label="Calls" value={formatCount(data.calls.value)} tile={data.calls} tone="neutral" previousText={formatCount(data.calls.previous)} note={ignoredNote(data.calls)} />
      <Tile testId="kpi-error-rate" label="Error rate" value={formatPercent(data.errorRate.value)} tile={data.errorRate} tone="up-bad" previousText={formatPercent(data.errorRate.previous)} note={ignoredNote(data.errorRate)} />
      <Tile testId="kpi-p95" label="p95 latency" value={formatMs(data.p95Ms.value)} tile={data.p95Ms} tone="up-bad" previousText={formatMs(data.p95Ms.previous)} note={ignoredNote(data.p95Ms)} />
      <Tile testId="kpi-spend" label="Spend" value={formatUsd(data.spendUsd.value)} tile={data.spendUsd} tone="up-bad" previousText={formatUsd(data.spendUsd.previous)} note={ignoredNote(data.spendUsd)} />
      <Tile testId="kpi-blocked" label="Blocked calls" value={formatCount(data.blocked.value)} tile={data.blocked} tone="neutral" previousText={formatCount(data.blocked.previous)} note={ignoredNote(data.blocked)} />
      <Tile testId="kpi-flagged" label="Calls with risk flags" value={formatCount(data.flagged.value)} tile={data.flagged} tone="up-bad" previousText={formatCount(data.flagged.previous)} note={ignoredNote(data.flagged)} />
      <Tile testId="kpi-pending-approvals" label="Pending approvals" value={count(data.pendingApprovals)} tone="neutral" note="right now" href={canOpen("/approvals") ? "/approvals" : undefined} />
      <Tile testId="kpi-open-alerts" label="Open alerts" value={count(data.openAlerts)} tone="neutral" note={data.openAlerts.ignoredFilters.length ? "right now · all gateways" : "right now"} href={canOpen("/alerts") ? "/alerts" : undefined} />
    </div>
  );
}
