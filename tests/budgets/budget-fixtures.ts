import { randomUUID } from "node:crypto";
import { db } from "../../lib/db";
import { createBudget } from "../../lib/budgets/create-budget";
import { currentPeriods } from "../../lib/budgets/budget-clock";
import type { CreateBudgetInput } from "../../lib/budgets/schema";
import { uniq } from "../support/factories";

// Budgets for the tests, created through the same lib function the API uses. Every test names its own
// users and teams (random), so the budgets of parallel test files never overlap.

export const TESTS_ACTOR = { email: "tests" };

export async function createTestBudget(input: Partial<CreateBudgetInput> & Pick<CreateBudgetInput, "scope">) {
  return createBudget({
    input: { name: uniq("budget"), period: "month", limitUsd: 100, mode: "hard", ...input },
    actor: TESTS_ACTOR,
  });
}

/** The budget's current period row (spent, reserved, alerted) as exact decimal strings. */
export async function currentPeriodRow(budgetId: string) {
  const b = await db().budget.findUniqueOrThrow({ where: { id: budgetId } });
  const start = currentPeriods()[b.period].start;
  const row = await db().budgetPeriod.findUnique({ where: { budgetId_periodStart: { budgetId, periodStart: start } } });
  return {
    id: row?.id ?? null,
    spent: row ? Number(row.spentUsd.toString()) : 0,
    reserved: row ? Number(row.reservedUsd.toString()) : 0,
    spentText: row?.spentUsd.toString() ?? "0",
    reservedText: row?.reservedUsd.toString() ?? "0",
    alerted: row?.alertedPercents ?? [],
  };
}

/** A spend event for POST /api/v1/events. */
export function spendEvent(over: Record<string, unknown> = {}) {
  return {
    id: randomUUID(),
    timestamp: new Date().toISOString(),
    userId: "someone",
    server: "paid-api",
    tool: "search",
    status: "ok",
    durationMs: 50,
    ...over,
  };
}
