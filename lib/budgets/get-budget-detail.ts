import "server-only";
import { db } from "../db";
import { findAuditEntries } from "../audit/find-audit-entries";
import type { BudgetView } from "./budget-view";
import { findBudgetDailySpend, type DailySpend } from "./find-budget-daily-spend";
import { findBudgetTopSpenders, type BudgetTopSpenders } from "./find-budget-top-spenders";
import { getBudget } from "./get-budget";

export interface BudgetHistoryEntry {
  seq: string;
  at: string;
  actorEmail: string | null;
  action: string;
  before: unknown;
  after: unknown;
}

export interface BudgetAlertEntry {
  id: string;
  severity: string;
  status: string;
  title: string;
  firstSeenAt: string;
}

export interface BudgetDetail {
  budget: BudgetView;
  daily: DailySpend;
  topSpenders: BudgetTopSpenders;
  history: BudgetHistoryEntry[];
  alerts: BudgetAlertEntry[];
}

/** Everything the budget page shows: state and forecast, daily spend, top spenders, who changed it, its alerts. */
export async function getBudgetDetail(id: string): Promise<BudgetDetail> {
  const budget = await getBudget(id);
  const bounds = { start: new Date(budget.current.periodStart), end: new Date(budget.current.periodEnd) };
  // Everything on the page counts from where the budget does (its creation, when created mid-period).
  const countingFrom = new Date(budget.current.countingFrom);
  const [daily, topSpenders, audit, alerts] = await Promise.all([
    findBudgetDailySpend(budget, { ...bounds, countingFrom }),
    findBudgetTopSpenders(budget, { start: countingFrom, end: bounds.end, countedMidPeriod: countingFrom > bounds.start }),
    findAuditEntries({ targetType: "budget", targetId: id, limit: 50 }),
    db().alert.findMany({
      where: { source: "budget", subjectType: "budget", subjectValue: id },
      orderBy: { firstSeenAt: "desc" },
      take: 20,
      select: { id: true, severity: true, status: true, title: true, firstSeenAt: true },
    }),
  ]);
  return {
    budget,
    daily,
    topSpenders,
    history: audit.entries.map((e) => ({ seq: e.seq, at: e.at.toISOString(), actorEmail: e.actorEmail, action: e.action, before: e.before, after: e.after })),
    alerts: alerts.map((a) => ({ ...a, firstSeenAt: a.firstSeenAt.toISOString() })),
  };
}
