"use client";
import { TimeText } from "@/components/ui/time-text";
import { Fragment } from "react";
import { formatMs, formatUsd } from "@/components/charts/format";
import { StatusBadge } from "@/components/events/status-badge";
import { UntrustedText } from "@/components/ui/untrusted-text";
import { formatOffset, type TimelineRow } from "./timeline-rows";

const BAR: Record<string, string> = {
  ok: "bg-emerald-500",
  error: "bg-red-500",
  timeout: "bg-amber-500",
  blocked: "bg-violet-500",
  denied: "bg-slate-500",
};

const time = (iso: string) => <TimeText value={iso} style="time" seconds />;

/** The session's calls, oldest first: one row each, with its bar on the session's time axis. */
export function SessionTimeline({ rows }: { rows: TimelineRow[] }) {
  return (
    <table className="w-full text-left text-xs" data-testid="session-timeline">
      <thead>
        <tr className="border-b border-slate-200 text-slate-500">
          <th className="py-1 pr-2 font-normal">Time</th>
          <th className="py-1 pr-2 font-normal">Tool</th>
          <th className="py-1 pr-2 font-normal">Status</th>
          <th className="py-1 pr-2 font-normal">Duration</th>
          <th className="py-1 pr-2 font-normal">Cost</th>
          <th className="py-1 pr-2 font-normal">Flags</th>
          <th className="py-1 pr-2 font-normal">Approval / chain</th>
          <th className="w-1/4 py-1 font-normal">Timeline</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => {
          const e = r.event;
          return (
            <Fragment key={e.id}>
              <tr
                className={`border-b border-slate-100 align-top ${r.isAnchor ? "bg-amber-50 font-medium" : ""}`}
                data-testid="session-call"
                data-event-id={e.id}
                aria-current={r.isAnchor ? "true" : undefined}
              >
                <td className="whitespace-nowrap py-1 pr-2 font-mono">
                  {time(e.ts)} <span className="text-slate-500">{formatOffset(r.offsetMs)}</span>
                  {r.isAnchor && <span className="ml-1 rounded bg-amber-200 px-1 text-amber-900">this call</span>}
                </td>
                <td className="break-all py-1 pr-2 font-mono">
                  <UntrustedText value={`${e.server}/${e.tool}`} />
                </td>
                <td className="py-1 pr-2">
                  <StatusBadge status={e.status} />
                  {e.errorType && <div className="mt-0.5 break-all font-mono text-slate-500">{e.errorType}</div>}
                </td>
                <td className="whitespace-nowrap py-1 pr-2">{e.durationMs === null ? "—" : formatMs(e.durationMs)}</td>
                <td className="whitespace-nowrap py-1 pr-2">{e.costUsd === null ? "—" : formatUsd(Number(e.costUsd))}</td>
                <td className="py-1 pr-2">
                  {e.riskFlags.length ? (
                    <span className="flex flex-wrap gap-1">
                      {e.riskFlags.map((f) => (
                        <span key={f} className="rounded bg-red-50 px-1 text-red-800 ring-1 ring-inset ring-red-200">
                          {f}
                        </span>
                      ))}
                    </span>
                  ) : (
                    "—"
                  )}
                </td>
                <td className="py-1 pr-2">
                  {e.approvalId && (
                    <div data-testid="session-approval">
                      approval {e.approvalStatus ?? "(past retention)"}
                      {e.approvalWaitMs !== null && <span className="text-slate-500"> after {formatMs(e.approvalWaitMs)}</span>}
                    </div>
                  )}
                  {r.notableDecisions.map((d) => (
                    <div key={d} className="font-mono text-slate-600">
                      {d}
                    </div>
                  ))}
                  {!e.approvalId && r.notableDecisions.length === 0 && "—"}
                </td>
                <td className="py-1">
                  <div className="relative h-3 w-full rounded bg-slate-100" aria-hidden>
                    <div className={`absolute inset-y-0 rounded ${BAR[e.status] ?? BAR.denied}`} style={{ left: `${r.leftPct}%`, width: `${r.widthPct}%` }} />
                  </div>
                </td>
              </tr>
            </Fragment>
          );
        })}
      </tbody>
    </table>
  );
}
