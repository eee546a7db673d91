"use client";
import { TimeText } from "@/components/ui/time-text";
import { useUrlState } from "@/components/approvals/use-url-state";
import { EmptyState } from "@/components/ui/empty-state";
import { ErrorBox } from "@/components/ui/error-box";
import { TableSkeleton } from "@/components/ui/skeleton";
import { AlertDetail } from "./alert-detail";
import { AlertStatusBadge, SeverityBadge } from "./severity-badge";
import { useAlertList } from "./use-alert-queries";

const STATUSES = [
  { id: "active", label: "Open and acknowledged" },
  { id: "open", label: "Open" },
  { id: "acknowledged", label: "Acknowledged" },
  { id: "resolved", label: "Resolved" },
  { id: "all", label: "All" },
];
const SUBJECTS = ["tool", "server", "team", "gateway", "user", "all", "budget"];

/** The live alert list with its filters (in the URL) and the selected alert's detail. */
export function AlertsBoard() {
  const [params, setParams] = useUrlState();
  const filters = {
    status: params.get("status") ?? "active",
    severity: params.get("severity") ?? undefined,
    subjectType: params.get("subjectType") ?? undefined,
    q: params.get("q") ?? undefined,
  };
  const selected = params.get("alert");
  const list = useAlertList(filters);
  return (
    <div className="space-y-4">
      <form className="flex flex-wrap items-end gap-3" role="search" aria-label="Filter alerts" onSubmit={(e) => e.preventDefault()}>
        <div>
          <label className="label" htmlFor="alert-status">
            Status
          </label>
          <select id="alert-status" className="input" value={filters.status} onChange={(e) => setParams({ status: e.target.value === "active" ? null : e.target.value })}>
            {STATUSES.map((s) => (
              <option key={s.id} value={s.id}>
                {s.label}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label className="label" htmlFor="alert-severity">
            Severity
          </label>
          <select id="alert-severity" className="input" value={filters.severity ?? ""} onChange={(e) => setParams({ severity: e.target.value || null })}>
            <option value="">Any</option>
            <option value="critical">Critical</option>
            <option value="warning">Warning</option>
            <option value="info">Info</option>
          </select>
        </div>
        <div>
          <label className="label" htmlFor="alert-subject">
            About
          </label>
          <select id="alert-subject" className="input" value={filters.subjectType ?? ""} onChange={(e) => setParams({ subjectType: e.target.value || null })}>
            <option value="">Anything</option>
            {SUBJECTS.map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label className="label" htmlFor="alert-q">
            Search
          </label>
          <input id="alert-q" className="input" defaultValue={filters.q ?? ""} placeholder="tool, user, text…" onChange={(e) => setParams({ q: e.target.value.trim() || null })} />
        </div>
        <div className="flex items-end">
          <a className="btn" download href={`/api/alerts/export?${new URLSearchParams(Object.entries(filters).filter((e): e is [string, string] => !!e[1]))}`}>
            Export CSV
          </a>
        </div>
      </form>
      {selected && <AlertDetail id={selected} onClose={() => setParams({ alert: null })} />}
      <div className="card overflow-x-auto p-0">
        {list.isPending ? (
          <div className="p-4">
            <TableSkeleton />
          </div>
        ) : list.error ? (
          <div className="p-4">
            <ErrorBox error={list.error} />
          </div>
        ) : list.data.alerts.length === 0 ? (
          <EmptyState title={filters.status === "active" ? "Nothing looks wrong right now" : "No alerts match these filters"}>
            Detectors run every minute over the rollups; new alerts appear here without reloading.
          </EmptyState>
        ) : (
          <table className="table" aria-label="Alerts">
            <thead>
              <tr>
                <th>Severity</th>
                <th>Status</th>
                <th>Alert</th>
                <th>Started</th>
                <th>Last seen</th>
              </tr>
            </thead>
            <tbody>
              {list.data.alerts.map((a) => (
                <tr key={a.id} data-testid={`alert-row-${a.id}`} aria-selected={a.id === selected} className={a.id === selected ? "bg-indigo-50" : undefined}>
                  <td>
                    <SeverityBadge severity={a.severity} />
                  </td>
                  <td>
                    <AlertStatusBadge status={a.status} />
                  </td>
                  <td className="min-w-[14rem] max-w-xl">
                    <button type="button" className="text-left font-medium text-indigo-700 hover:underline" onClick={() => setParams({ alert: a.id })}>
                      {a.title}
                    </button>
                    <div className="text-xs text-slate-600 sm:truncate" title={a.explanation}>
                      {a.explanation}
                    </div>
                  </td>
                  <td className="whitespace-nowrap text-xs text-slate-600">
                    <TimeText value={a.firstSeenAt} style="relative" />
                  </td>
                  <td className="whitespace-nowrap text-xs text-slate-600">
                    <TimeText value={a.lastSeenAt} style="relative" />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </div>
    </div>
  );
}
