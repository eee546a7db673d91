"use client";
import Link from "next/link";
import { AlertStatusBadge, SeverityBadge } from "@/components/alerts/severity-badge";
import { SEVERITY_COLORS } from "@/components/charts/format";
import type { AlertMarker } from "@/lib/alerts/find-alert-markers";
import { markerSubject, type SubjectName } from "@/lib/metrics/marker-rows";
import { TimeText } from "@/components/ui/time-text";

/** Where one alert opens: the alerts page with it selected (the same link notifications carry). */
export function alertHref(id: string): string {
  return `/alerts?${new URLSearchParams({ alert: id })}`;
}

const LIMIT = 500;

/**
 * The alerts drawn as flags on the time charts, as a list of links under them: the keyboard's way to the
 * same alerts, and a legend of the flag colours. Titles and subjects are untrusted and rendered as text.
 */
export function AlertMarkersList(props: { markers: readonly AlertMarker[] | undefined; loading: boolean; error: unknown; subjectName: SubjectName }) {
  const markers = props.markers ?? [];
  return (
    <section className="card space-y-2" aria-label="Alerts in this range" data-testid="alert-markers">
      <header className="flex flex-wrap items-baseline justify-between gap-2">
        <div>
          <h2 className="text-sm font-semibold text-slate-800">Alerts in this range</h2>
          <p className="text-xs text-slate-500">
            Anomaly and rule alerts that opened in the range, flagged on the time charts (a band while they lasted). All subjects: not narrowed by the filters above.
          </p>
        </div>
        <ul className="flex gap-3 text-xs text-slate-600" aria-label="Flag colours">
          {(["critical", "warning", "info"] as const).map((s) => (
            <li key={s} className="flex items-center gap-1">
              <span aria-hidden="true" className="inline-block h-2.5 w-2.5 rounded-sm" style={{ background: SEVERITY_COLORS[s] }} />
              {s}
            </li>
          ))}
        </ul>
      </header>
      {props.error ? (
        <p className="text-xs text-red-700">Alerts could not be loaded: {(props.error as Error).message}</p>
      ) : props.loading ? (
        <p className="text-xs text-slate-500">Loading alerts…</p>
      ) : markers.length === 0 ? (
        <p className="text-xs text-slate-500">No anomaly or rule alert opened in this range.</p>
      ) : (
        <ol className="max-h-48 divide-y divide-slate-100 overflow-y-auto text-sm">
          {[...markers].reverse().map((m) => (
            <li key={m.id} className="flex flex-wrap items-center gap-2 py-1">
              <span aria-hidden="true" className="inline-block h-2.5 w-2.5 shrink-0 rounded-sm" style={{ background: SEVERITY_COLORS[m.severity] }} />
              <SeverityBadge severity={m.severity} />
              <Link href={alertHref(m.id)} className="font-medium text-indigo-700 hover:underline" data-marker-link={m.id}>
                {m.title}
              </Link>
              <span className="text-xs text-slate-600">{markerSubject(m, props.subjectName)}</span>
              <span className="ml-auto flex items-center gap-2 whitespace-nowrap text-xs text-slate-500">
                <TimeText value={m.at} />
                <AlertStatusBadge status={m.status} />
              </span>
            </li>
          ))}
        </ol>
      )}
      {markers.length >= LIMIT && <p className="text-xs text-slate-500">Showing the first {LIMIT} alerts of the range; pick a shorter range to see the rest.</p>}
    </section>
  );
}
