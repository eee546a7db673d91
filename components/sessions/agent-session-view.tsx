"use client";
import { TimeText } from "@/components/ui/time-text";
import Link from "next/link";
import { useSearchParams } from "next/navigation";
import { EmptyState } from "@/components/ui/empty-state";
import { ErrorBox } from "@/components/ui/error-box";
import { TableSkeleton } from "@/components/ui/skeleton";
import { UntrustedText } from "@/components/ui/untrusted-text";
import { formatUsd } from "@/components/charts/format";
import { SESSION_SIDE_LIMIT, SESSION_WINDOW_DAYS } from "@/lib/events/session-schema";
import { SessionTimeline } from "./session-timeline";
import { toTimelineRows } from "./timeline-rows";
import { useAgentSession } from "./use-agent-session";

/** An agent session (the calls sharing a session or trace id) around the call the analyst came from. */
export function AgentSessionView() {
  const sp = useSearchParams();
  const params = { session: sp.get("session") ?? undefined, trace: sp.get("trace") ?? undefined, at: sp.get("at") ?? undefined };
  const anchor = sp.get("event") ?? undefined;
  const q = useAgentSession(params);
  const s = q.data;
  const rows = s ? toTimelineRows(s.events, anchor) : [];
  const cost = s?.events.reduce((sum, e) => sum + (e.costUsd === null ? 0 : Number(e.costUsd)), 0) ?? 0;
  return (
    <div className="card space-y-3" data-testid="agent-session">
      <dl className="grid grid-cols-[6rem_1fr] gap-x-3 gap-y-1 text-xs">
        <dt className="text-slate-500">Session</dt>
        <dd className="break-all font-mono">{params.session ? <UntrustedText value={params.session} /> : "—"}</dd>
        <dt className="text-slate-500">Trace</dt>
        <dd className="break-all font-mono">{params.trace ? <UntrustedText value={params.trace} /> : "—"}</dd>
        {s && (
          <>
            <dt className="text-slate-500">Calls</dt>
            <dd data-testid="session-summary">
              {s.events.length} calls, {s.events.filter((e) => e.status !== "ok").length} not ok, {s.events.filter((e) => e.riskFlags.length).length} flagged,
              cost {formatUsd(cost)}
            </dd>
          </>
        )}
      </dl>
      {q.isPending ? (
        <TableSkeleton rows={6} />
      ) : q.error ? (
        <ErrorBox error={q.error} />
      ) : !s || s.events.length === 0 ? (
        <EmptyState title="No calls in this session">
          No event with this session or trace id within {SESSION_WINDOW_DAYS} days of {params.at ? <TimeText value={params.at} /> : "now"} (it may have
          passed the retention period). <Link href="/events" className="underline">Back to events</Link>
        </EmptyState>
      ) : (
        <>
          {s.moreBefore && <p className="text-xs text-slate-500">Earlier calls exist: showing the {SESSION_SIDE_LIMIT} before this point.</p>}
          <SessionTimeline rows={rows} />
          {s.moreAfter && <p className="text-xs text-slate-500">Later calls exist: showing the {SESSION_SIDE_LIMIT} after this point.</p>}
        </>
      )}
    </div>
  );
}
