import "server-only";
import { db } from "../db";
import { currentPeriods } from "./budget-clock";
import { budgetView, type BudgetView } from "./budget-view";

/** Every budget (archived ones only when asked) with its current period's state and usage figures. */
export async function findBudgets(opts: { includeArchived?: boolean; ids?: string[] } = {}): Promise<BudgetView[]> {
  const now = new Date();
  const periods = currentPeriods(now);
  const budgets = await db().budget.findMany({
    where: { ...(opts.includeArchived ? {} : { archived: false }), ...(opts.ids ? { id: { in: opts.ids } } : {}) },
    orderBy: [{ archived: "asc" }, { scope: "asc" }, { name: "asc" }, { id: "asc" }],
  });
  if (!budgets.length) return [];
  const [rows, gateways] = await Promise.all([
    db().budgetPeriod.findMany({
      where: { budgetId: { in: budgets.map((b) => b.id) }, periodStart: { in: [periods.day.start, periods.week.start, periods.month.start] } },
    }),
    db().gateway.findMany({
      where: { id: { in: budgets.filter((b) => b.scope === "gateway" && b.scopeValue).map((b) => b.scopeValue!) } },
      select: { id: true, name: true },
    }),
  ]);
  const gatewayName = new Map(gateways.map((g) => [g.id, g.name]));
  return budgets.map((b) => {
    const bounds = periods[b.period];
    const row = rows.find((r) => r.budgetId === b.id && r.periodStart.getTime() === bounds.start.getTime()) ?? null;
    const scopeLabel = b.scope === "gateway" && b.scopeValue ? (gatewayName.get(b.scopeValue) ?? b.scopeValue) : b.scopeValue;
    return budgetView(b, row, bounds, { now, scopeLabel });
  });
}
