import "server-only";
import { db } from "../db";
import { AlertMarkersQuery } from "./schema";

export interface AlertMarker {
  id: string;
  at: string;
  until: string | null;
  severity: "info" | "warning" | "critical";
  status: "open" | "acknowledged" | "resolved";
  title: string;
  subjectType: string;
  subjectValue: string;
  kind: string;
}

/**
 * GET /api/alerts/markers?from&to[&subjectType&subjectValue]: anomalies and rule alerts that started in
 * the range, for the overview's charts (a marker at `at`, optionally a band to `until`). At most 500.
 */
export async function findAlertMarkers(input: AlertMarkersQuery): Promise<{ markers: AlertMarker[] }> {
  const q = AlertMarkersQuery.parse(input);
  const rows = await db().alert.findMany({
    where: {
      firstSeenAt: { gte: new Date(q.from), lte: new Date(q.to) },
      source: { in: ["anomaly", "rule"] },
      ...(q.subjectType ? { subjectType: q.subjectType } : {}),
      ...(q.subjectValue ? { subjectValue: q.subjectValue } : {}),
    },
    orderBy: { firstSeenAt: "asc" },
    take: 500,
    select: { id: true, firstSeenAt: true, resolvedAt: true, lastSeenAt: true, severity: true, status: true, title: true, subjectType: true, subjectValue: true, kind: true },
  });
  return {
    markers: rows.map((r) => ({
      id: r.id,
      at: r.firstSeenAt.toISOString(),
      until: (r.resolvedAt ?? (r.status === "resolved" ? r.lastSeenAt : null))?.toISOString() ?? null,
      severity: r.severity,
      status: r.status,
      title: r.title,
      subjectType: r.subjectType,
      subjectValue: r.subjectValue,
      kind: r.kind,
    })),
  };
}
