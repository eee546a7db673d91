"use client";
import type { ReactNode } from "react";
import { TimeText } from "@/components/ui/time-text";
import { ErrorBox } from "@/components/ui/error-box";
import { Skeleton } from "@/components/ui/skeleton";
import { formatMs, formatUsd } from "@/components/charts/format";
import { JsonTree } from "./json-tree";
import { StatusBadge } from "./status-badge";
import type { EventDetail } from "@/lib/events/schema";
import { useEvent } from "./use-events";
import { UntrustedText } from "@/components/ui/untrusted-text";
import Link from "next/link";
import { agentSessionHref } from "@/components/sessions/agent-session-href";

function Field({ label, children }: { label: string; children: ReactNode }) {
  return (
    <>
      <dt className="text-xs text-slate-500">{label}</dt>
      <dd className="break-all font-mono text-xs text-slate-900">
        {/* Gateway-supplied strings: invisible characters shown and marked. */}
        {typeof children === "string" ? <UntrustedText value={children} /> : (children ?? <span className="text-slate-400">—</span>)}
      </dd>
    </>
  );
}

const IDENTITY_LABELS: Record<string, string> = { jwt: "JWT (verified)", "static-token": "static client token" };

/** How the caller's identity was established; an identity asserted only by the gateway's config is marked unverified. */
function IdentitySourceText({ source }: { source: string | null }) {
  if (!source) return null;
  if (source === "config") {
    return (
      <span className="rounded bg-amber-100 px-1 py-0.5 text-amber-900" data-testid="identity-unverified">
        config — unverified identity
      </span>
    );
  }
  return <span data-testid="identity-source">{IDENTITY_LABELS[source] ?? source}</span>;
}

/** The gateway's call chain, one row per stage, as plain text. */
function DecisionsTable({ decisions }: { decisions: EventDetail["decisions"] }) {
  if (!decisions?.length) return <p className="text-xs text-slate-400">none sent</p>;
  return (
    <table className="w-full text-left text-xs" data-testid="event-decisions">
      <thead>
        <tr className="text-slate-500">
          <th className="py-0.5 pr-2 font-normal">Stage</th>
          <th className="py-0.5 pr-2 font-normal">Outcome</th>
          <th className="py-0.5 font-normal">Reason</th>
        </tr>
      </thead>
      <tbody className="font-mono text-slate-900">
        {decisions.map((d, i) => (
          <tr key={i} className="align-top">
            <td className="break-all py-0.5 pr-2">{d.stage}</td>
            <td className="py-0.5 pr-2">{d.outcome}</td>
            <td className="whitespace-pre-wrap break-all py-0.5">{d.reason ?? ""}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}


/** Every field of one event; params as an inert JSON tree, the result summary as plain text. */
export function EventDetailPanel({ selection, onClose }: { selection: { id: string; ts: string }; onClose: () => void }) {
  const q = useEvent(selection);
  const e = q.data;
  return (
    <aside className="card sticky top-4 max-h-[calc(100vh-2rem)] overflow-y-auto" aria-label="Event details" data-testid="event-detail">
      <div className="mb-3 flex items-center justify-between">
        <h2 className="text-sm font-semibold">Event details</h2>
        <button type="button" className="btn px-2 py-0.5 text-xs" onClick={onClose} aria-label="Close event details">
          Close
        </button>
      </div>
      {q.isPending ? (
        <div className="space-y-2">
          <Skeleton className="h-4 w-2/3" />
          <Skeleton className="h-32 w-full" />
        </div>
      ) : q.error ? (
        <ErrorBox error={q.error} />
      ) : e ? (
        <div className="space-y-4">
          <dl className="grid grid-cols-[7rem_1fr] gap-x-3 gap-y-1.5">
            <Field label="Status">
              <StatusBadge status={e.status} />
            </Field>
            <Field label="Time">
              <TimeText value={e.ts} seconds zoneName />
            </Field>
            <Field label="Received">
              <TimeText value={e.receivedAt} seconds zoneName />
            </Field>
            <Field label="Event id">{e.id}</Field>
            <Field label="Gateway">{e.gatewayName ?? e.gatewayId}</Field>
            <Field label="Server">{e.server}</Field>
            <Field label="Tool">{e.tool}</Field>
            <Field label="User">{e.userId}</Field>
            <Field label="Identity">
              <IdentitySourceText source={e.identitySource} />
            </Field>
            <Field label="Team">{e.team}</Field>
            <Field label="Agent">{e.agent}</Field>
            <Field label="Session">{e.sessionId}</Field>
            <Field label="Trace">{e.traceId}</Field>
            <Field label="Error type">{e.errorType}</Field>
            <Field label="Duration">{e.durationMs === null ? null : `${formatMs(e.durationMs)} (${e.durationMs} ms)`}</Field>
            <Field label="Cost">{e.costUsd === null ? null : `${formatUsd(Number(e.costUsd))} (${e.costUsd})`}</Field>
            <Field label="Tokens in/out">{e.inputTokens === null && e.outputTokens === null ? null : `${e.inputTokens ?? "—"} / ${e.outputTokens ?? "—"}`}</Field>
            <Field label="Risk flags">{e.riskFlags.length ? e.riskFlags.join(", ") : null}</Field>
            <Field label="Approval">{e.approvalId}</Field>
            <Field label="Reservation">{e.reservationId}</Field>
          </dl>
          {(e.sessionId || e.traceId) && (
            <Link href={agentSessionHref(e)} className="btn inline-block px-2 py-0.5 text-xs" data-testid="open-agent-session">
              Open agent session: the calls before and after this one
            </Link>
          )}
          <div>
            <h3 className="mb-1 text-xs font-semibold text-slate-600">Decisions</h3>
            <DecisionsTable decisions={e.decisions} />
          </div>
          <div>
            <h3 className="mb-1 text-xs font-semibold text-slate-600">Params</h3>
            {e.params === null || e.params === undefined ? <p className="text-xs text-slate-400">none sent</p> : <JsonTree value={e.params} label="Params" />}
          </div>
          <div>
            <h3 className="mb-1 text-xs font-semibold text-slate-600">Result summary</h3>
            {e.resultSummary ? (
              <pre className="whitespace-pre-wrap break-all rounded-md bg-slate-50 p-3 font-mono text-xs" data-testid="result-summary">
                <UntrustedText value={e.resultSummary} />
              </pre>
            ) : (
              <p className="text-xs text-slate-400">none sent</p>
            )}
          </div>
        </div>
      ) : null}
    </aside>
  );
}
