"use client";
import { Suspense, useEffect, useState } from "react";
import { useInfiniteQuery } from "@tanstack/react-query";
import { apiFetch } from "@/lib/http/api-client";
import { queryKeys } from "@/lib/query-keys";
import type { AuditEntryView } from "@/lib/audit/schema";
import { EmptyState } from "@/components/ui/empty-state";
import { ErrorBox } from "@/components/ui/error-box";
import { TableSkeleton } from "@/components/ui/skeleton";
import { toQueryString, useUrlFilters } from "@/components/overview/use-url-filters";
import { TimeText } from "@/components/ui/time-text";
import { UntrustedText } from "@/components/ui/untrusted-text";
import { useTimeZone } from "@/components/ui/use-time-zone";
import { formatTime } from "@/lib/time/format-time";
import { parseZonedTime } from "@/lib/time/parse-zoned-time";

const KEYS = ["actor", "action", "targetType", "targetId", "from", "to"] as const;
const TARGET_TYPES = [
  "user", "gateway", "api_key", "budget", "alert", "alert_rule", "approval", "approval_rule", "standing_rule", "notification_channel",
  "inventory_server", "inventory_tool", "tool_setting", "kill_switch", "setting", "signing_key", "allowed_webhook_host",
];

/** datetime-local value ↔ ISO (the input is in the viewer's clock: useTimeZone). */
const toLocalInput = (iso: string | undefined, zone: string) => (iso ? formatTime({ value: iso, zone, style: "input" }).replace("—", "") : "");
const fromLocalInput = (v: string, zone: string) => (v ? parseZonedTime({ value: v, zone })?.toISOString() : undefined);

/** The audit log: filters (actor, action, target, time) in the URL, targets by name, CSV export of the filter. */
export function AuditLogTable() {
  return (
    <Suspense fallback={<TableSkeleton />}>
      <AuditLog />
    </Suspense>
  );
}

function AuditLog() {
  const zone = useTimeZone();
  const [url, setUrl] = useUrlFilters(KEYS);
  const [draft, setDraft] = useState(url);
  useEffect(() => setDraft(url), [url]);
  const q = useInfiniteQuery({
    queryKey: queryKeys.audit.list(url),
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam }) => apiFetch<{ entries: AuditEntryView[]; nextCursor: string | null }>(`/api/audit?${toQueryString({ ...url, limit: "50", before: pageParam })}`),
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const entries = q.data?.pages.flatMap((p) => p.entries) ?? [];
  const filtered = KEYS.some((k) => url[k]);

  return (
    <div className="space-y-4">
      <form
        className="card flex flex-wrap items-end gap-2"
        aria-label="Filter the audit log"
        onSubmit={(e) => {
          e.preventDefault();
          setUrl({ ...Object.fromEntries(KEYS.map((k) => [k, draft[k]?.trim() || undefined])) });
        }}
      >
        <label className="flex flex-col text-xs text-slate-600">
          Actor (email or id)
          <input className="input py-1" value={draft.actor ?? ""} maxLength={320} onChange={(e) => setDraft({ ...draft, actor: e.target.value })} />
        </label>
        <label className="flex flex-col text-xs text-slate-600">
          Action (e.g. budget.update, or budget.)
          <input className="input py-1" value={draft.action ?? ""} maxLength={100} onChange={(e) => setDraft({ ...draft, action: e.target.value })} />
        </label>
        <label className="flex flex-col text-xs text-slate-600">
          Target type
          <select className="input py-1" value={draft.targetType ?? ""} onChange={(e) => setDraft({ ...draft, targetType: e.target.value || undefined })}>
            <option value="">Any</option>
            {TARGET_TYPES.map((t) => (
              <option key={t} value={t}>
                {t}
              </option>
            ))}
          </select>
        </label>
        <label className="flex flex-col text-xs text-slate-600">
          Target id
          <input className="input py-1" value={draft.targetId ?? ""} maxLength={128} onChange={(e) => setDraft({ ...draft, targetId: e.target.value })} />
        </label>
        <label className="flex flex-col text-xs text-slate-600">
          From
          <input className="input py-1" type="datetime-local" value={toLocalInput(draft.from, zone)} onChange={(e) => setDraft({ ...draft, from: fromLocalInput(e.target.value, zone) })} />
        </label>
        <label className="flex flex-col text-xs text-slate-600">
          To
          <input className="input py-1" type="datetime-local" value={toLocalInput(draft.to, zone)} onChange={(e) => setDraft({ ...draft, to: fromLocalInput(e.target.value, zone) })} />
        </label>
        <button className="btn" type="submit">
          Apply
        </button>
        {filtered && (
          <button className="btn" type="button" onClick={() => setUrl(Object.fromEntries(KEYS.map((k) => [k, undefined])))}>
            Clear
          </button>
        )}
        <a className="btn ml-auto" href={`/api/audit/export?${toQueryString(url)}`} download>
          Export CSV
        </a>
      </form>

      {q.isPending ? (
        <TableSkeleton />
      ) : q.error ? (
        <ErrorBox error={q.error} />
      ) : entries.length === 0 ? (
        <EmptyState title={filtered ? "No entries match" : "Nothing recorded yet"} />
      ) : (
        <div className="card overflow-x-auto p-0">
          <table className="table" aria-label="Audit log">
            <thead>
              <tr>
                <th>#</th>
                <th>When</th>
                <th>Who</th>
                <th>Action</th>
                <th>Target</th>
                <th>From</th>
                <th>Change</th>
              </tr>
            </thead>
            <tbody>
              {entries.map((e) => (
                <tr key={e.seq}>
                  <td className="font-mono text-xs text-slate-500">{e.seq}</td>
                  <td className="whitespace-nowrap text-xs"><TimeText value={e.at} seconds /></td>
                  <td>
                    {e.actorEmail ? (
                      <button type="button" className="text-left hover:underline" onClick={() => setUrl({ actor: e.actorEmail! })}>
                        {e.actorEmail}
                      </button>
                    ) : (
                      "—"
                    )}
                  </td>
                  <td className="font-mono text-xs">{e.action}</td>
                  <td className="text-xs" data-testid="audit-target">
                    <span className="text-slate-500">{e.targetType}</span>{" "}
                    {e.targetId && (
                      <button
                        type="button"
                        className="text-left hover:underline"
                        title={e.targetId}
                        onClick={() => setUrl({ targetType: e.targetType, targetId: e.targetId! })}
                      >
                        {e.targetName ? <UntrustedText value={e.targetName} /> : <span className="font-mono">{e.targetId}</span>}
                      </button>
                    )}
                  </td>
                  <td className="text-xs">{e.ip ?? "—"}</td>
                  <td>
                    {(e.before != null || e.after != null) && (
                      <details>
                        <summary className="cursor-pointer text-xs text-indigo-700">before / after</summary>
                        <pre className="mt-1 max-w-md overflow-x-auto whitespace-pre-wrap text-xs">{JSON.stringify({ before: e.before, after: e.after }, null, 2)}</pre>
                      </details>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {q.hasNextPage && (
            <div className="p-3">
              <button className="btn" type="button" onClick={() => void q.fetchNextPage()} disabled={q.isFetchingNextPage}>
                {q.isFetchingNextPage ? "Loading…" : "Load older entries"}
              </button>
            </div>
          )}
        </div>
      )}
    </div>
  );
}
