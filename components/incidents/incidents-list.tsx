"use client";
import { TimeText } from "@/components/ui/time-text";
import { useState } from "react";
import { useQuery } from "@tanstack/react-query";
import { apiFetch } from "@/lib/http/api-client";
import type { IncidentView } from "@/lib/incidents/schema";
import { EmptyState } from "@/components/ui/empty-state";
import { ErrorBox } from "@/components/ui/error-box";
import { TableSkeleton } from "@/components/ui/skeleton";

type Status = "active" | "resolved" | "all";

const SEVERITY_BADGE: Record<string, string> = {
  critical: "bg-red-100 text-red-800",
  warning: "bg-amber-100 text-amber-800",
  info: "bg-sky-100 text-sky-800",
};

const WHAT: Record<IncidentView["timeline"][number]["what"], string> = {
  alert_opened: "Alert opened",
  alert_acknowledged: "Acknowledged",
  alert_resolved: "Resolved",
  notified: "Notified",
};

/** GET /api/incidents — the key starts with the "alerts" topic, so live alert messages refresh it. */
function useIncidents(status: Status) {
  return useQuery({
    queryKey: ["alerts", "incidents", { status }] as const,
    queryFn: ({ signal }) => apiFetch<{ incidents: IncidentView[] }>(`/api/incidents?status=${status}`, { signal }),
    refetchInterval: 30_000,
  });
}

/** Alerts grouped by shared cause: each incident with its alerts and one timeline. */
export function IncidentsList() {
  const [status, setStatus] = useState<Status>("active");
  const q = useIncidents(status);
  return (
    <div className="space-y-4">
      <div className="flex items-end gap-3">
        <div>
          <label className="label" htmlFor="incident-status">
            Status
          </label>
          <select id="incident-status" className="input" value={status} onChange={(e) => setStatus(e.target.value as Status)}>
            <option value="active">Active</option>
            <option value="resolved">Resolved</option>
            <option value="all">All</option>
          </select>
        </div>
      </div>
      {q.isPending ? (
        <TableSkeleton rows={3} />
      ) : q.error ? (
        <ErrorBox error={q.error} />
      ) : q.data.incidents.length === 0 ? (
        <EmptyState title={status === "active" ? "No active incidents" : "No incidents"}>Related alerts (same cause, same time) are grouped here into one incident.</EmptyState>
      ) : (
        <ul className="space-y-3" aria-label="Incidents">
          {q.data.incidents.map((i) => (
            <IncidentCard key={i.id} incident={i} />
          ))}
        </ul>
      )}
    </div>
  );
}

function IncidentCard({ incident: i }: { incident: IncidentView }) {
  return (
    <li className="card" data-testid="incident" data-incident-id={i.id}>
      <div className="flex flex-wrap items-center gap-2">
        <span className={`rounded px-2 py-0.5 text-xs font-medium ${SEVERITY_BADGE[i.severity] ?? ""}`}>{i.severity}</span>
        <h2 className="font-medium text-slate-900">{i.title}</h2>
        <span className="text-sm text-slate-600">
          {i.status === "active" ? "active" : <>resolved <TimeText value={i.resolvedAt} /></>} · {i.alerts.length} alert{i.alerts.length === 1 ? "" : "s"} ·{" "}
          {i.notifications} notification{i.notifications === 1 ? "" : "s"} · since <TimeText value={i.firstSeenAt} />
        </span>
      </div>
      <details className="mt-2">
        <summary className="cursor-pointer text-sm text-slate-700">Alerts and timeline</summary>
        <div className="mt-2 grid gap-4 lg:grid-cols-2">
          <table className="table" aria-label="Alerts of the incident">
            <thead>
              <tr>
                <th>Alert</th>
                <th>Subject</th>
                <th>Status</th>
              </tr>
            </thead>
            <tbody>
              {i.alerts.map((a) => (
                <tr key={a.id}>
                  <td>
                    <a className="underline" href={`/alerts?alert=${a.id}`}>
                      {a.title}
                    </a>
                  </td>
                  <td>
                    {a.subjectType} {a.subjectValue}
                  </td>
                  <td>{a.status}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <ol className="space-y-1 text-sm" aria-label="Timeline">
            {i.timeline.map((t, n) => (
              <li key={`${t.alertId}-${t.what}-${n}`}>
                <time dateTime={t.at} className="text-slate-600">
                  <TimeText value={t.at} />
                </time>{" "}
                <span className="font-medium">{WHAT[t.what]}</span> {t.text}
              </li>
            ))}
          </ol>
        </div>
      </details>
    </li>
  );
}
