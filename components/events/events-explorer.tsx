"use client";
import { useEffect, useMemo, useRef, useState } from "react";
import { onLiveChange } from "@/lib/realtime/use-live-invalidation";
import { EVENT_STATUSES } from "@/lib/events/schema";
import { parseUrlRange } from "@/lib/metrics/url-range";
import { useCan } from "@/components/layout/current-user";
import { EmptyState } from "@/components/ui/empty-state";
import { ErrorBox } from "@/components/ui/error-box";
import { TableSkeleton } from "@/components/ui/skeleton";
import { formatMs, formatUsd } from "@/components/charts/format";
import { DIMENSION_LABELS, DimensionFilters, FilterChips, type DimensionKey } from "@/components/overview/dimension-filters";
import { RangePicker } from "@/components/overview/range-picker";
import { useFilterOptions } from "@/components/overview/use-metrics";
import { toQueryString, useUrlFilters } from "@/components/overview/use-url-filters";
import { EventDetailPanel } from "./event-detail";
import { StatusBadge } from "./status-badge";
import { useEventCount, useEventFacets, useEventsList } from "./use-events";
import { EventFacetsPanel } from "./event-facets";
import { EventTotal } from "./event-total";
import { CopyAbsoluteLink } from "./copy-absolute-link";
import { deriveErrorType } from "@/lib/events/error-type";
import type { FacetKey } from "@/lib/events/schema";
import { UntrustedText } from "@/components/ui/untrusted-text";
import { UrlProblems } from "@/components/ui/url-problems";
import { TimeText } from "@/components/ui/time-text";
import { useTimeZone } from "@/components/ui/use-time-zone";
import { formatTime } from "@/lib/time/format-time";

const URL_KEYS = ["range", "from", "to", "gateway", "server", "tool", "team", "user", "status", "flag", "errorType", "q", "live", "event", "at"] as const;
const FILTER_LABELS: Record<string, string> = { ...DIMENSION_LABELS, status: "Status", flag: "Risk flag", errorType: "Error type", q: "Search" };
const KNOWN_FLAGS = ["prompt_injection", "secret_redacted", "pii_redacted", "tool_changed", "rate_limited", "budget_exceeded"];

const time = (iso: string, zone: string) => formatTime({ value: iso, zone, seconds: true });

/** The events explorer: filters in the URL, keyset pages, live tail, a detail panel and streamed export. */
export function EventsExplorer() {
  const zone = useTimeZone();
  const [url, setUrl] = useUrlFilters(URL_KEYS);
  // A link's window is honoured exactly (from/to without range=custom too); what cannot be is said on the page.
  const urlRange = useMemo(() => parseUrlRange(url), [url]);
  const range = urlRange.range;
  const live = url.live === "1";
  const canExport = useCan("events:export");
  const filters = useMemo(
    () => ({
      range,
      from: urlRange.from,
      to: urlRange.to,
      gateway: url.gateway,
      server: url.server,
      tool: url.tool,
      team: url.team,
      user: url.user,
      status: url.status,
      flag: url.flag,
      errorType: url.errorType,
      q: url.q,
    }),
    [range, urlRange.from, urlRange.to, url.gateway, url.server, url.tool, url.team, url.user, url.status, url.flag, url.errorType, url.q],
  );
  const list = useEventsList(filters, live);
  const options = useFilterOptions({ range, from: filters.from, to: filters.to });
  const facets = useEventFacets(filters, list.snapshot);
  const count = useEventCount(filters);
  // The open event lives in the URL (event=<id>&at=<ts>): deep-linkable, and the back button closes it.
  const selected = useMemo(() => (url.event ? { id: url.event, ts: url.at ?? "" } : null), [url.event, url.at]);
  const setSelected = (sel: { id: string; ts: string } | null) => setUrl({ event: sel?.id, at: sel?.ts });
  const [arrived, setArrived] = useState(false);
  const [search, setSearch] = useState(url.q ?? "");
  useEffect(() => setSearch(url.q ?? ""), [url.q]);

  // Pinned view: say when new events have landed instead of moving the rows under the reader's eyes.
  useEffect(() => {
    setArrived(false);
    if (live) return;
    return onLiveChange((msg) => {
      if (msg.topic === "events") setArrived(true);
    });
  }, [live, filters]);

  // Live tail: mark rows that were not there on the previous render.
  const seen = useRef<Set<string> | null>(null);
  const events = useMemo(() => list.data?.pages.flatMap((p) => p.events) ?? [], [list.data]);
  const fresh = useMemo(() => {
    const prev = seen.current;
    const out = new Set<string>();
    if (prev && live) for (const e of events) if (!prev.has(e.id)) out.add(e.id);
    return out;
  }, [events, live]);
  useEffect(() => {
    seen.current = new Set(events.map((e) => e.id));
  }, [events]);

  const setFilter = (patch: Record<string, string | undefined>) => setUrl(patch);
  const gatewayName = (id: string) => options.data?.gateways.find((g) => g.id === id)?.name ?? id;
  const exportHref = (format: "csv" | "ndjson") => `/api/events/export?${toQueryString({ ...filters, format, asOf: list.snapshot })}`;

  return (
    <div className="space-y-4">
      <div className="card space-y-3">
        <div className="flex flex-wrap items-center justify-between gap-2">
          <RangePicker range={range} from={urlRange.from} to={urlRange.to} onChange={(v) => setUrl({ range: v.range === "24h" ? undefined : v.range, from: v.from, to: v.to })} />
          <div className="flex items-center gap-2">
            <label className="inline-flex cursor-pointer items-center gap-2 text-sm">
              <input type="checkbox" role="switch" checked={live} onChange={(e) => setUrl({ live: e.target.checked ? "1" : undefined })} aria-describedby="live-tail-help" />
              Live tail
            </label>
            <span id="live-tail-help" className="sr-only">
              When on, new events appear at the top as they land.
            </span>
            <CopyAbsoluteLink />
            {canExport && (
              <>
                <a className="btn" href={exportHref("csv")} download>
                  Export CSV
                </a>
                <a className="btn" href={exportHref("ndjson")} download>
                  Export NDJSON
                </a>
              </>
            )}
          </div>
        </div>
        <UrlProblems problems={urlRange.problems} />
        <DimensionFilters idPrefix="events" values={filters} options={options.data} onChange={(p: Partial<Record<DimensionKey, string | undefined>>) => setFilter(p)} />
        <div className="flex flex-wrap items-end gap-2">
          <div className="flex flex-col">
            <label htmlFor="events-status" className="text-xs text-slate-600">
              Status
            </label>
            <select id="events-status" className="input py-1" value={url.status ?? ""} onChange={(e) => setFilter({ status: e.target.value || undefined })}>
              <option value="">All</option>
              {EVENT_STATUSES.map((s) => (
                <option key={s} value={s}>
                  {s}
                </option>
              ))}
            </select>
          </div>
          <div className="flex flex-col">
            <label htmlFor="events-flag" className="text-xs text-slate-600">
              Risk flag
            </label>
            <select id="events-flag" className="input py-1" value={url.flag ?? ""} onChange={(e) => setFilter({ flag: e.target.value || undefined })}>
              <option value="">Any</option>
              {[...new Set([...KNOWN_FLAGS, ...(url.flag ? [url.flag] : [])])].map((f) => (
                <option key={f} value={f}>
                  {f}
                </option>
              ))}
            </select>
          </div>
          <form
            role="search"
            className="flex items-end gap-2"
            onSubmit={(e) => {
              e.preventDefault();
              setFilter({ q: search.trim() || undefined });
            }}
          >
            <div className="flex flex-col">
              <label htmlFor="events-q" className="text-xs text-slate-600">
                Search tool, server, user, error
              </label>
              <input id="events-q" className="input w-64 py-1" type="search" value={search} onChange={(e) => setSearch(e.target.value)} placeholder="e.g. send_email" maxLength={200} />
            </div>
            <button className="btn" type="submit">
              Search
            </button>
          </form>
        </div>
        <FilterChips
          values={{ gateway: url.gateway, server: url.server, tool: url.tool, team: url.team, user: url.user, status: url.status, flag: url.flag, errorType: url.errorType, q: url.q }}
          labels={FILTER_LABELS}
          display={(k, v) => (k === "gateway" ? gatewayName(v) : v)}
          onRemove={(k) => setFilter({ [k]: undefined })}
          onClear={() => setFilter({ gateway: undefined, server: undefined, tool: undefined, team: undefined, user: undefined, status: undefined, flag: undefined, errorType: undefined, q: undefined })}
        />
      </div>

      {live ? (
        <p className="text-xs text-emerald-700" role="status">
          Live tail on: new events appear at the top as they land.
        </p>
      ) : (
        arrived && (
          <div className="flex items-center gap-3 rounded-md border border-indigo-200 bg-indigo-50 px-3 py-2 text-sm" role="status">
            New events have arrived since this list was read.
            <button
              type="button"
              className="btn"
              onClick={() => {
                setArrived(false);
                list.showLatest();
              }}
            >
              Show latest
            </button>
          </div>
        )
      )}

      <div className={`grid gap-4 lg:grid-cols-[14rem_minmax(0,1fr)] ${selected ? "xl:grid-cols-[14rem_minmax(0,1fr)_400px]" : ""}`}>
        <EventFacetsPanel data={facets.data} active={{ tool: url.tool, server: url.server, status: url.status, errorType: url.errorType, user: url.user, flag: url.flag }} onPick={(key: FacetKey, value) => setFilter({ [key]: value })} />
        <div className="min-w-0">
          <p className="mb-2 text-sm text-slate-700" role="status">
            <EventTotal count={count.data} />
          </p>
          {list.isPending ? (
            <TableSkeleton rows={10} />
          ) : list.error ? (
            <ErrorBox error={list.error} />
          ) : events.length === 0 ? (
            <EmptyState title="No events match">Widen the range or remove a filter.</EmptyState>
          ) : (
            <div className="card overflow-x-auto p-0" data-skip-target="events" tabIndex={-1}>
              <table className="table" aria-label="Events">
                <thead>
                  <tr>
                    <th>Time</th>
                    <th>Status</th>
                    <th>Error type</th>
                    <th>Tool</th>
                    <th>User</th>
                    <th>Gateway</th>
                    <th className="text-right">Duration</th>
                    <th className="text-right">Cost</th>
                    <th>Flags</th>
                  </tr>
                </thead>
                <tbody>
                  {events.map((e) => (
                    <tr
                      key={e.id}
                      data-testid="event-row"
                      data-event-id={e.id}
                      aria-selected={selected?.id === e.id}
                      className={`cursor-pointer ${selected?.id === e.id ? "bg-indigo-50" : fresh.has(e.id) ? "bg-emerald-50" : "hover:bg-slate-50"}`}
                      onClick={() => setSelected({ id: e.id, ts: e.ts })}
                    >
                      <td className="whitespace-nowrap text-xs">
                        <button type="button" className="text-left hover:underline" onClick={(ev) => { ev.stopPropagation(); setSelected({ id: e.id, ts: e.ts }); }} aria-label={`Show details of ${e.tool} at ${time(e.ts, zone)}`}>
                          <TimeText value={e.ts} seconds />
                        </button>
                      </td>
                      <td>
                        <StatusBadge status={e.status} />
                      </td>
                      <td className="max-w-[10rem] truncate text-xs" data-testid="event-error-type">
                        {deriveErrorType(e) === null ? <span className="text-slate-400">—</span> : <UntrustedText className="font-mono" value={deriveErrorType(e)!} />}
                      </td>
                      <td className="max-w-[16rem] truncate text-xs">
                        <UntrustedText className="font-mono" value={e.tool} />
                        <div className="truncate text-slate-500">
                          <UntrustedText value={e.server} />
                        </div>
                      </td>
                      <td className="max-w-[12rem] truncate text-xs">
                        <UntrustedText value={e.userId} />
                        {e.team && (
                          <div className="truncate text-slate-500">
                            <UntrustedText value={e.team} />
                          </div>
                        )}
                      </td>
                      <td className="max-w-[10rem] truncate text-xs">{e.gatewayName ?? e.gatewayId}</td>
                      <td className="whitespace-nowrap text-right text-xs tabular-nums">{formatMs(e.durationMs)}</td>
                      <td className="whitespace-nowrap text-right text-xs tabular-nums">{e.costUsd === null ? "—" : formatUsd(Number(e.costUsd))}</td>
                      <td className="max-w-[12rem] text-xs">
                        {e.riskFlags.map((f) => (
                          <span key={f} className="mr-1 inline-block rounded bg-amber-50 px-1 text-amber-800 ring-1 ring-amber-200">
                            {f}
                          </span>
                        ))}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
              <div className="flex items-center justify-between p-3 text-xs text-slate-500">
                <span>
                  {events.length} event{events.length === 1 ? "" : "s"} shown{list.snapshot ? `, as of ${time(list.snapshot, zone)}` : ""}
                </span>
                {list.hasNextPage && (
                  <button className="btn" type="button" onClick={() => void list.fetchNextPage()} disabled={list.isFetchingNextPage}>
                    {list.isFetchingNextPage ? "Loading…" : "Load older events"}
                  </button>
                )}
              </div>
            </div>
          )}
        </div>
        {selected && <EventDetailPanel selection={selected} onClose={() => setSelected(null)} />}
      </div>
    </div>
  );
}
