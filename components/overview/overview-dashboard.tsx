"use client";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useMemo, useState } from "react";
import { useAlertMarkers } from "@/components/alerts/use-alert-queries";
import { formatBucket } from "@/components/charts/format";
import { parseUrlRange } from "@/lib/metrics/url-range";
import { UrlProblems } from "@/components/ui/url-problems";
import { useTimeZone } from "@/components/ui/use-time-zone";
import { useCanOpen } from "@/components/layout/use-can-open";
import { AlertMarkersList, alertHref } from "./alert-markers-list";
import { DIMENSION_LABELS, DimensionFilters, FilterChips, type DimensionKey } from "./dimension-filters";
import { KpiTiles } from "./kpi-tiles";
import { COMPARE_LABELS, CallsCard, CostCard, ErrorRateCard, LatencyCard, RiskFlagsCard, TopSpendersCard, TopToolsCard, type BucketSelection, type ChartAlerts } from "./overview-charts";
import { RangePicker } from "./range-picker";
import { ComparePicker } from "./compare-picker";
import { offeredComparisons } from "@/lib/metrics/offered-comparisons";
import { COMPARE_MODES, type CompareMode } from "@/lib/metrics/previous-window";
import { resolveWindow } from "@/lib/metrics/time-window";
import { useFilterOptions, useKpis } from "./use-metrics";
import { toQueryString, useUrlFilters } from "./use-url-filters";

const URL_KEYS = ["range", "from", "to", "gateway", "server", "tool", "team", "user", "cost", "spend", "compare"] as const;
const DIMENSIONS: DimensionKey[] = ["gateway", "server", "tool", "team", "user"];

/** The explorer URL for the page's filters, optionally narrowed to one bucket and status/flag. */
export function explorerHref(filters: Record<string, string | undefined>, extra: Record<string, string | undefined> = {}): string {
  return `/events?${toQueryString({ ...filters, ...extra })}`;
}

/**
 * The overview: range and filters in the URL, KPI tiles, and the charts; everything refreshes live. With
 * `alerts:read`, the alerts that opened in the range are flagged on the time charts and listed under them.
 */
export function OverviewDashboard({ canReadAlerts }: { canReadAlerts: boolean }) {
  const router = useRouter();
  const zone = useTimeZone();
  const [url, setUrl] = useUrlFilters(URL_KEYS);
  // A link's window is honoured exactly (from/to without range=custom too); what cannot be is said on the page.
  const urlRange = useMemo(() => parseUrlRange(url), [url]);
  const range = urlRange.range;
  const [selection, setSelection] = useState<BucketSelection | null>(null);
  // Drill-downs offer only pages the role can open (a viewer's click on a chart zooms; it never leads to a 403).
  const canOpenEvents = useCanOpen()("/events");
  const params = useMemo(
    () => ({ range, from: urlRange.from, to: urlRange.to, gateway: url.gateway, server: url.server, tool: url.tool, team: url.team, user: url.user }),
    [range, urlRange.from, urlRange.to, url.gateway, url.server, url.tool, url.team, url.user],
  );
  // "Compare with" (off unless the URL says): the time charts read the comparison period beside their own.
  // Only periods that do not overlap the window are offered (and read): with a user filter some charts read
  // whole UTC days, others hours, so both windows must allow it.
  const offers = useMemo(() => {
    try {
      const req = { range, from: urlRange.from, to: urlRange.to };
      return offeredComparisons({ windows: [resolveWindow(req), ...(url.user !== undefined ? [resolveWindow({ ...req, byUser: true })] : [])] });
    } catch {
      return offeredComparisons({ windows: [] });
    }
  }, [range, urlRange.from, urlRange.to, url.user]);
  const known = (COMPARE_MODES as readonly string[]).includes(url.compare ?? "") ? (url.compare as CompareMode) : undefined;
  const knownOffer = known ? offers[known] : undefined;
  const compare = knownOffer?.offered ? known : undefined;
  const compareProblem =
    url.compare === undefined
      ? []
      : !known
        ? [`The link's comparison “${url.compare}” is not one this page knows; no comparison is shown.`]
        : knownOffer && !knownOffer.offered
          ? [`The link's comparison “${COMPARE_LABELS[known!]}” is not shown: ${knownOffer.reason}`]
          : [];
  const seriesParams = useMemo(() => ({ ...params, compare }), [params, compare]);
  const filters = { gateway: url.gateway, server: url.server, tool: url.tool, team: url.team, user: url.user };
  const options = useFilterOptions({ range: params.range, from: params.from, to: params.to });
  const kpis = useKpis(params);
  const gatewayName = (id: string) => options.data?.gateways.find((g) => g.id === id)?.name ?? id;
  // All subjects, not narrowed by the filters: an alert is about one tool, team, gateway… or all traffic, and
  // one about another dimension (the tool behind a gateway's error spike) may be what explains the chart.
  const markers = useAlertMarkers({ range, from: params.from, to: params.to, byUser: url.user !== undefined }, canReadAlerts);
  const subjectName = (type: string, value: string) => (type === "gateway" ? gatewayName(value) : value);
  const alerts: ChartAlerts | undefined = canReadAlerts ? { markers: markers.data?.markers ?? [], subjectName, onOpen: (id) => router.push(alertHref(id)) } : undefined;
  const setFilter = (patch: Partial<Record<DimensionKey, string | undefined>>) => {
    setSelection(null);
    setUrl(patch);
  };
  const bucketRange = (s: { t: string; stepSeconds: number }) => ({ range: "custom", from: s.t, to: new Date(new Date(s.t).getTime() + s.stepSeconds * 1000).toISOString() });

  return (
    <div className="space-y-4">
      <div className="card space-y-3">
        <RangePicker
          range={range}
          from={urlRange.from}
          to={urlRange.to}
          onChange={(v) => {
            setSelection(null);
            setUrl({ range: v.range === "24h" ? undefined : v.range, from: v.from, to: v.to });
          }}
        />
        <ComparePicker value={compare} offers={offers} onChange={(v) => setUrl({ compare: v })} />
        <UrlProblems problems={[...urlRange.problems, ...compareProblem]} />
        <DimensionFilters idPrefix="overview" values={filters} options={options.data} onChange={setFilter} />
        <FilterChips
          values={filters}
          labels={DIMENSION_LABELS}
          display={(k, v) => (k === "gateway" ? gatewayName(v) : v)}
          onRemove={(k) => setFilter({ [k]: undefined })}
          onClear={() => setFilter(Object.fromEntries(DIMENSIONS.map((k) => [k, undefined])))}
        />
        {url.user && (
          <p className="text-xs text-slate-500">
            With a user filter, calls, error rate, spend and top spenders come from the daily per-user rollup (whole UTC days); latency, top tools and risk flags have no user dimension and are not narrowed by it.
          </p>
        )}
      </div>

      {selection && (
        <div className="card flex flex-wrap items-center gap-3 border-indigo-200 bg-indigo-50 py-2 text-sm" role="region" aria-label="Selected period">
          <span>
            Selected <strong>{formatBucket(selection.t, selection.stepSeconds, zone)}</strong>
            {selection.status && <> · status {selection.status}</>}
          </span>
          <button
            type="button"
            className="btn"
            onClick={() => {
              const r = bucketRange(selection);
              setSelection(null);
              setUrl({ range: r.range, from: r.from, to: r.to });
            }}
          >
            Zoom to this period
          </button>
          {canOpenEvents && (
            <Link className="btn btn-primary" href={explorerHref(filters, { ...bucketRange(selection), status: selection.status })}>
              View these events
            </Link>
          )}
          <button type="button" className="ml-auto text-xs text-slate-600 underline" onClick={() => setSelection(null)}>
            Clear selection
          </button>
        </div>
      )}

      <KpiTiles data={kpis.data} loading={kpis.isPending} />
      {kpis.error && <p className="text-sm text-red-700">{(kpis.error as Error).message}</p>}

      <div className="grid grid-cols-1 gap-4 lg:grid-cols-2">
        <CallsCard params={seriesParams} onSelect={setSelection} alerts={alerts} />
        <ErrorRateCard params={seriesParams} onSelect={setSelection} alerts={alerts} />
        <LatencyCard params={seriesParams} onSelect={setSelection} alerts={alerts} />
        <CostCard params={seriesParams} by={url.cost === "tool" ? "tool" : "team"} onBy={(b) => setUrl({ cost: b === "team" ? undefined : b })} onFilter={(k, v) => setFilter({ [k]: v })} alerts={alerts} />
        <TopToolsCard params={params} onFilter={(server, tool) => setFilter({ server, tool })} />
        <TopSpendersCard params={params} by={url.spend === "team" ? "team" : "user"} onBy={(b) => setUrl({ spend: b === "user" ? undefined : b })} onFilter={(k, v) => setFilter({ [k]: v })} />
        <RiskFlagsCard
          params={seriesParams}
          alerts={alerts}
          onFlag={
            canOpenEvents
              ? (flag, t, step) =>
            router.push(explorerHref({ ...filters, range: t ? undefined : range, from: t ? undefined : params.from, to: t ? undefined : params.to }, { flag, ...(t && step ? bucketRange({ t, stepSeconds: step }) : {}) }))
              : undefined
          }
        />
      </div>
      {canReadAlerts && <AlertMarkersList markers={markers.data?.markers} loading={markers.isPending} error={markers.error} subjectName={subjectName} />}
    </div>
  );
}
