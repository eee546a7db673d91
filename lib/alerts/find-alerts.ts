import "server-only";
import { db } from "../db";
import type { Prisma } from "../generated/prisma/client";
import { alertView, type AlertView } from "./alert-view";
import { ListAlertsQuery } from "./schema";

/** GET /api/alerts: newest first; "active" = open or acknowledged. */
export async function findAlerts(input: Partial<ListAlertsQuery> = {}): Promise<{ alerts: AlertView[] }> {
  const q = ListAlertsQuery.parse(input);
  const where: Prisma.AlertWhereInput = {
    ...(q.status === "all" ? {} : q.status === "active" ? { status: { in: ["open", "acknowledged"] } } : { status: q.status }),
    ...(q.severity ? { severity: q.severity } : {}),
    ...(q.subjectType ? { subjectType: q.subjectType } : {}),
    ...(q.ruleId ? { ruleId: q.ruleId } : {}),
    ...(q.q
      ? {
          OR: [
            { title: { contains: q.q, mode: "insensitive" } },
            { explanation: { contains: q.q, mode: "insensitive" } },
            { subjectValue: { contains: q.q, mode: "insensitive" } },
          ],
        }
      : {}),
  };
  const rows = await db().alert.findMany({ where, orderBy: [{ firstSeenAt: "desc" }, { id: "desc" }], take: q.limit });
  const ruleIds = [...new Set(rows.map((r) => r.ruleId).filter((x): x is string => !!x))];
  const rules = ruleIds.length ? await db().alertRule.findMany({ where: { id: { in: ruleIds } }, select: { id: true, name: true } }) : [];
  const names = new Map(rules.map((r) => [r.id, r.name]));
  return { alerts: rows.map((r) => alertView(r, r.ruleId ? (names.get(r.ruleId) ?? null) : null)) };
}
