import "server-only";
import { z } from "zod";
import { db } from "../db";
import type { Prisma } from "../generated/prisma/client";
import { streamCsv } from "../events/csv-stream";
import { alertView } from "./alert-view";
import { ListAlertsQuery } from "./schema";

// GET /api/alerts/export?status&severity&subjectType&ruleId&q&from&to — the alerts list's filters (every
// status by default) plus a first-seen window, as CSV.
export const ExportAlertsQuery = ListAlertsQuery.omit({ limit: true }).extend({
  status: ListAlertsQuery.shape.status.unwrap().default("all"),
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
});
export type ExportAlertsQuery = z.infer<typeof ExportAlertsQuery>;

const BATCH = 1000;

export const ALERT_CSV_COLUMNS = [
  "id", "firstSeenAt", "lastSeenAt", "status", "severity", "source", "kind", "ruleName", "subjectType", "subjectValue",
  "title", "explanation", "value", "baseline", "acknowledgedAt", "resolvedAt", "incidentId",
] as const;

/** The filtered alerts as CSV, newest first (keyset on first seen, id), streamed in batches of BATCH. */
export async function exportAlerts(q: ExportAlertsQuery): Promise<ReadableStream<Uint8Array>> {
  const where: Prisma.AlertWhereInput = {
    ...(q.status === "all" ? {} : q.status === "active" ? { status: { in: ["open", "acknowledged"] } } : { status: q.status }),
    ...(q.severity ? { severity: q.severity } : {}),
    ...(q.subjectType ? { subjectType: q.subjectType } : {}),
    ...(q.ruleId ? { ruleId: q.ruleId } : {}),
    ...(q.q ? { OR: [{ title: { contains: q.q, mode: "insensitive" } }, { explanation: { contains: q.q, mode: "insensitive" } }, { subjectValue: { contains: q.q, mode: "insensitive" } }] } : {}),
    ...(q.from || q.to ? { firstSeenAt: { ...(q.from ? { gte: new Date(q.from) } : {}), ...(q.to ? { lt: new Date(q.to) } : {}) } } : {}),
  };
  return streamCsv<{ at: Date; id: string }>({
    header: ALERT_CSV_COLUMNS,
    readBatch: async (after) => {
      const rows = await db().alert.findMany({
        where: after ? { AND: [where, { OR: [{ firstSeenAt: { lt: after.at } }, { firstSeenAt: after.at, id: { lt: after.id } }] }] } : where,
        orderBy: [{ firstSeenAt: "desc" }, { id: "desc" }],
        take: BATCH,
      });
      const last = rows[rows.length - 1];
      const ruleIds = [...new Set(rows.map((r) => r.ruleId).filter((x): x is string => !!x))];
      const rules = ruleIds.length ? await db().alertRule.findMany({ where: { id: { in: ruleIds } }, select: { id: true, name: true } }) : [];
      const names = new Map(rules.map((r) => [r.id, r.name]));
      return {
        rows: rows.map((r) => {
          const v = alertView(r, r.ruleId ? (names.get(r.ruleId) ?? null) : null);
          return [v.id, v.firstSeenAt, v.lastSeenAt, v.status, v.severity, v.source, v.kind, v.ruleName, v.subjectType, v.subjectValue, v.title, v.explanation, v.value, v.baseline, v.acknowledgedAt, v.resolvedAt, r.incidentId];
        }),
        next: rows.length === BATCH && last ? { at: last.firstSeenAt, id: last.id } : null,
      };
    },
  });
}
