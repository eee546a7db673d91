// Alert markers on the overview's time charts. The charts' x axis is a category axis of bucket starts (the
// points' `t`, ISO strings), so a marker can only be drawn at one of those values: it is snapped to the
// bucket holding its time. Pure and isomorphic; unit-tested (tests/metrics/marker-rows.test.ts).

export type MarkerSeverity = "info" | "warning" | "critical";

/** What the chart needs of an alert (a subset of GET /api/alerts/markers' rows). */
export interface MarkerInput {
  id: string;
  /** When the alert opened (ISO). */
  at: string;
  /** When it ended (ISO), or null while it is still open. */
  until: string | null;
  severity: MarkerSeverity;
  title: string;
  subjectType: string;
  subjectValue: string;
}

export interface MarkerRow {
  id: string;
  severity: MarkerSeverity;
  /** Bucket (a point's `t`) where the marker starts. */
  x1: string;
  /** Bucket where it ends, when it spans more than one bucket (drawn as a band); otherwise absent (a line). */
  x2?: string;
  /** Title, severity and subject as plain text, for the tooltip and the accessible name. */
  label: string;
}

const SEVERITY_ORDER: Record<MarkerSeverity, number> = { info: 0, warning: 1, critical: 2 };

/**
 * The bucket holding `t`: the last bucket start ≤ t, provided t is before that bucket's end. Null when t is
 * before the first bucket, after the last one ends, or in a gap. `buckets` are ascending ISO starts; the
 * returned string is one of them, exactly (a category axis matches values by equality).
 */
export function snapToBucket(t: string | Date, buckets: readonly string[], stepSeconds: number): string | null {
  const at = typeof t === "string" ? Date.parse(t) : t.getTime();
  if (!Number.isFinite(at) || buckets.length === 0) return null;
  let lo = 0;
  let hi = buckets.length - 1;
  if (at < Date.parse(buckets[0])) return null;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (Date.parse(buckets[mid]) <= at) lo = mid;
    else hi = mid - 1;
  }
  return at < Date.parse(buckets[lo]) + stepSeconds * 1000 ? buckets[lo] : null;
}

export type SubjectName = (type: string, value: string) => string;

/** "tool send_email", "all traffic". `subjectName` turns a subject value into its display name (a gateway id into its name). */
export function markerSubject(m: Pick<MarkerInput, "subjectType" | "subjectValue">, subjectName: SubjectName = (_, v) => v): string {
  return m.subjectType === "all" ? "all traffic" : `${m.subjectType} ${subjectName(m.subjectType, m.subjectValue)}`;
}

/** "Critical: Error rate spike (tool send_email)". */
export function markerLabel(m: MarkerInput, subjectName?: SubjectName): string {
  return `${m.severity.charAt(0).toUpperCase()}${m.severity.slice(1)}: ${m.title} (${markerSubject(m, subjectName)})`;
}

/**
 * Markers placed on one chart's buckets: a line at the bucket where the alert opened, or a band to the bucket
 * where it ended (clamped to the last bucket when it ended after the chart). Alerts that opened outside the
 * chart's buckets are left out. Ordered so the most severe are drawn last (on top), then by time.
 */
export function toMarkerRows(
  markers: readonly MarkerInput[],
  points: readonly { t: string }[],
  stepSeconds: number,
  subjectName?: SubjectName,
): MarkerRow[] {
  const buckets = points.map((p) => p.t);
  const last = buckets.at(-1);
  const chartEnd = last === undefined ? -Infinity : Date.parse(last) + stepSeconds * 1000;
  const rows: { row: MarkerRow; ms: number }[] = [];
  for (const m of markers) {
    const x1 = snapToBucket(m.at, buckets, stepSeconds);
    if (x1 === null) continue;
    let x2: string | undefined;
    if (m.until !== null) {
      const end = Date.parse(m.until) >= chartEnd ? last! : snapToBucket(m.until, buckets, stepSeconds);
      if (end !== null && Date.parse(end) > Date.parse(x1)) x2 = end;
    }
    rows.push({ row: { id: m.id, severity: m.severity, x1, ...(x2 ? { x2 } : {}), label: markerLabel(m, subjectName) }, ms: Date.parse(m.at) });
  }
  rows.sort((a, b) => SEVERITY_ORDER[a.row.severity] - SEVERITY_ORDER[b.row.severity] || a.ms - b.ms || a.row.id.localeCompare(b.row.id));
  return rows.map((r) => r.row);
}
