"use client";
import Link from "next/link";
import { useCan } from "@/components/layout/current-user";
import { ErrorBox } from "@/components/ui/error-box";
import { Skeleton } from "@/components/ui/skeleton";
import { AlertActions } from "./alert-actions";
import { AlertSeriesChart } from "./alert-series-chart";
import { AlertStatusBadge, SeverityBadge } from "./severity-badge";
import { useAlertDetail, useAlertsMutation } from "./use-alert-queries";

import { TimeText } from "@/components/ui/time-text";
import { useTimeZone } from "@/components/ui/use-time-zone";
import { formatTime } from "@/lib/time/format-time";
import type { AlertDetail as AlertDetailData } from "@/lib/alerts/get-alert";

const when = (iso: string | null) => <TimeText value={iso} />;

/**
 * How an alert developed: when it was first detected, its peak and its latest figures (shown when they
 * differ, so an alert that grew after it opened does not read as its first minute, nor the reverse).
 */
function AlertProgress({ a }: { a: AlertDetailData }) {
  const rows = [
    a.first && { label: "First detected", at: a.first.at, text: a.first.explanation },
    a.peak && { label: "Peak", at: a.peak.at, text: a.peak.explanation },
    { label: a.status === "resolved" ? "Last seen" : "Latest", at: a.lastSeenAt, text: a.explanation },
  ].filter((r): r is { label: string; at: string; text: string } => !!r);
  if (new Set(rows.map((r) => r.text)).size <= 1) return null;
  return (
    <dl className="grid grid-cols-[auto_1fr] gap-x-3 gap-y-1 text-sm" data-testid="alert-progress" aria-label="How the alert developed">
      {rows.map((r) => (
        <div key={r.label} className="contents" data-testid={`alert-progress-${r.label.toLowerCase().replace(/ /g, "-")}`}>
          <dt className="text-slate-600">
            {r.label} <span className="tabular-nums">{when(r.at)}</span>
          </dt>
          <dd>{r.text}</dd>
        </div>
      ))}
    </dl>
  );
}

/** One alert: what, since when, its series against the usual band, who was told, what people did. */
export function AlertDetail({ id, onClose }: { id: string; onClose: () => void }) {
  const q = useAlertDetail(id);
  const canAct = useCan("alerts:write");
  const canRules = useCan("alert_rules:write");
  const rule = useAlertsMutation<Record<string, unknown>>((body) => ({ url: `/api/alert-rules/${q.data?.alert.rule?.id}`, method: "PATCH", body }));
  if (q.isPending) return <Skeleton className="h-64 w-full" />;
  if (q.error) return <ErrorBox error={q.error} />;
  const a = q.data.alert;
  return <AlertDetailView a={a} canAct={canAct} canRules={canRules} rule={rule} onClose={onClose} />;
}

function AlertDetailView({
  a,
  canAct,
  canRules,
  rule,
  onClose,
}: {
  a: AlertDetailData;
  canAct: boolean;
  canRules: boolean;
  rule: ReturnType<typeof useAlertsMutation<Record<string, unknown>>>;
  onClose: () => void;
}) {
  const zone = useTimeZone();
  return (
    <section className="card space-y-4" aria-label="Alert detail" data-testid="alert-detail">
      <div className="flex items-start justify-between gap-3">
        <div className="space-y-1">
          <div className="flex flex-wrap items-center gap-2">
            <SeverityBadge severity={a.severity} />
            <AlertStatusBadge status={a.status} />
            {a.autoResolved && <span className="text-xs text-slate-500">resolved automatically</span>}
          </div>
          <h2 className="text-lg font-semibold">{a.title}</h2>
          <p className="text-sm text-slate-700" data-testid="alert-explanation">
            {a.explanation}
          </p>
          <AlertProgress a={a} />
        </div>
        <button type="button" className="btn" onClick={onClose} aria-label="Close alert detail">
          Close
        </button>
      </div>
      <dl className="grid grid-cols-2 gap-x-4 gap-y-1 text-sm sm:grid-cols-4">
        <dt className="text-slate-500">Subject</dt>
        <dd>
          {a.subjectType}{" "}
          {a.subjectHref ? (
            <Link className="font-medium text-indigo-700 underline" href={a.subjectHref}>
              {a.subjectLabel}
            </Link>
          ) : (
            <span className="font-medium">{a.subjectLabel}</span>
          )}
        </dd>
        <dt className="text-slate-500">Rule</dt>
        <dd>{a.ruleName ?? a.source}</dd>
        <dt className="text-slate-500">Opened</dt>
        <dd>{when(a.firstSeenAt)}</dd>
        <dt className="text-slate-500">Last seen</dt>
        <dd>{when(a.lastSeenAt)}</dd>
        {a.acknowledgedAt && (
          <>
            <dt className="text-slate-500">Acknowledged</dt>
            <dd>{when(a.acknowledgedAt)}</dd>
          </>
        )}
        {a.resolvedAt && (
          <>
            <dt className="text-slate-500">Resolved</dt>
            <dd>{when(a.resolvedAt)}</dd>
          </>
        )}
      </dl>
      {a.link && (
        <Link className="text-sm font-medium text-indigo-700 underline" href={a.link}>
          Show the events behind it
        </Link>
      )}
      {a.chart && a.chart.series.length > 0 && <AlertSeriesChart chart={a.chart} openedAt={a.firstSeenAt} />}
      {canAct && <AlertActions alert={a} />}
      {a.rule && canRules && (
        <div className="flex flex-wrap items-center gap-2 text-sm">
          <span className="text-slate-600">
            Rule “{a.rule.name}”{a.rule.muted ? " is muted" : a.rule.snoozedUntil && Date.parse(a.rule.snoozedUntil) > Date.now() ? ` is snoozed until ${formatTime({ value: a.rule.snoozedUntil, zone })}` : ""}:
          </span>
          <button type="button" className="btn" disabled={rule.isPending} onClick={() => rule.mutate({ snoozedUntil: new Date(Date.now() + 3_600_000).toISOString() })}>
            Snooze rule 1 h
          </button>
          <button type="button" className="btn" disabled={rule.isPending} onClick={() => rule.mutate({ muted: !a.rule!.muted })}>
            {a.rule.muted ? "Unmute rule" : "Mute rule"}
          </button>
          <ErrorBox error={rule.error} />
        </div>
      )}
      {a.history.length > 0 && (
        <div>
          <h3 className="mb-1 text-sm font-semibold">History</h3>
          <ul className="space-y-1 text-sm">
            {a.history.map((h, i) => (
              <li key={i}>
                <span className="text-slate-500">{when(h.at)}</span> {h.action.replace("alert.", "")} by {h.actorEmail ?? "someone"}
                {h.comment && <span className="text-slate-700"> — “{h.comment}”</span>}
              </li>
            ))}
          </ul>
        </div>
      )}
      {a.deliveries.length > 0 && (
        <div>
          <h3 className="mb-1 text-sm font-semibold">Notifications</h3>
          <ul className="space-y-1 text-sm">
            {a.deliveries.map((d) => (
              <li key={d.id}>
                {d.channelName ?? "(deleted channel)"} <span className="text-slate-500">{d.target}</span>: {d.status}
                {d.attempts > 1 && ` after ${d.attempts} attempts`}
                {d.lastError && <span className="text-red-700"> ({d.lastError})</span>}
              </li>
            ))}
          </ul>
        </div>
      )}
    </section>
  );
}
