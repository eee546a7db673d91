import "server-only";
import { db } from "../db";
import type { Prisma } from "../generated/prisma/client";
import { ListIncidentsQuery, type IncidentTimelineEntry, type IncidentView } from "./schema";

const LIVE = ["open", "acknowledged"] as const;

/** GET /api/incidents: newest first, each with its alerts and a timeline built from them. */
export async function findIncidents(input: Partial<ListIncidentsQuery> = {}): Promise<{ incidents: IncidentView[] }> {
  const q = ListIncidentsQuery.parse(input);
  const where: Prisma.IncidentWhereInput = {
    ...(q.status === "active" ? { alerts: { some: { status: { in: [...LIVE] } } } } : q.status === "resolved" ? { alerts: { every: { status: "resolved" } } } : {}),
    ...(q.id ? { id: q.id } : {}),
  };
  const rows = await db().incident.findMany({
    where,
    orderBy: [{ firstSeenAt: "desc" }, { id: "desc" }],
    take: q.limit,
    include: { alerts: { orderBy: [{ firstSeenAt: "asc" }, { id: "asc" }], include: { deliveries: { select: { createdAt: true, target: true } } } } },
  });
  return {
    incidents: rows.map((r) => {
      const active = r.alerts.some((a) => a.status !== "resolved");
      const timeline: IncidentTimelineEntry[] = [];
      for (const a of r.alerts) {
        timeline.push({ at: a.firstSeenAt.toISOString(), what: "alert_opened", alertId: a.id, text: `${a.title} (${a.severity})` });
        for (const d of a.deliveries) timeline.push({ at: d.createdAt.toISOString(), what: "notified", alertId: a.id, text: `Notified ${d.target}` });
        if (a.acknowledgedAt) timeline.push({ at: a.acknowledgedAt.toISOString(), what: "alert_acknowledged", alertId: a.id, text: `${a.title} acknowledged` });
        if (a.resolvedAt) timeline.push({ at: a.resolvedAt.toISOString(), what: "alert_resolved", alertId: a.id, text: `${a.title} resolved` });
      }
      timeline.sort((x, y) => x.at.localeCompare(y.at));
      const lastSeen = Math.max(r.firstSeenAt.getTime(), ...r.alerts.map((a) => a.lastSeenAt.getTime()));
      const resolved = r.alerts.map((a) => a.resolvedAt?.getTime() ?? 0);
      return {
        id: r.id,
        title: r.title,
        severity: r.severity,
        status: active ? "active" : "resolved",
        firstSeenAt: r.firstSeenAt.toISOString(),
        lastSeenAt: new Date(lastSeen).toISOString(),
        resolvedAt: active || !r.alerts.length ? null : new Date(Math.max(...resolved)).toISOString(),
        notifications: r.alerts.reduce((n, a) => n + a.deliveries.length, 0),
        alerts: r.alerts.map((a) => ({
          id: a.id,
          title: a.title,
          severity: a.severity,
          status: a.status,
          subjectType: a.subjectType,
          subjectValue: a.subjectValue,
          firstSeenAt: a.firstSeenAt.toISOString(),
          lastSeenAt: a.lastSeenAt.toISOString(),
          resolvedAt: a.resolvedAt?.toISOString() ?? null,
        })),
        timeline,
      };
    }),
  };
}
