import "server-only";
import { db } from "../db";
import { alertRuleView, type AlertRuleView } from "./alert-rule-view";

/** GET /api/alert-rules */
export async function findAlertRules(): Promise<{ rules: AlertRuleView[] }> {
  const rows = await db().alertRule.findMany({ orderBy: [{ createdAt: "asc" }, { id: "asc" }] });
  return { rules: rows.map(alertRuleView) };
}
