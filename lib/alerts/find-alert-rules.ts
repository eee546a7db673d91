import "server-only";
import { db } from "../db";
import { alertRuleView, type AlertRuleView } from "./alert-rule-view";

/** GET /api/alert-rules: every rule, with when it last fired and how many alerts it raised. */
export async function findAlertRules(): Promise<{ rules: AlertRuleView[] }> {
  const [rows, stats] = await Promise.all([
    db().alertRule.findMany({ orderBy: [{ createdAt: "asc" }, { id: "asc" }] }),
    db().alert.groupBy({ by: ["ruleId"], where: { ruleId: { not: null } }, _count: { _all: true }, _max: { firstSeenAt: true } }),
  ]);
  const byRule = new Map(stats.map((s) => [s.ruleId, { lastFiredAt: s._max.firstSeenAt, alertsRaised: s._count._all }]));
  return { rules: rows.map((r) => alertRuleView(r, byRule.get(r.id))) };
}
