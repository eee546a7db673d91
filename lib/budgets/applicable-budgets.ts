import "server-only";
import type { Pool, PoolClient } from "pg";
import { currentPeriods, periodOf } from "./budget-clock";
import type { PeriodKind } from "./period";

// Which budgets a call falls under: the global ones, and those naming its user, team, gateway, server or
// tool. Archived budgets never apply. Shared by authorization (current period) and settlement.

export interface CallSubject {
  userId: string;
  team?: string | null;
  gatewayId: string;
  server?: string | null;
  tool?: string | null;
}

/**
 * The condition "budget `b` applies to the call", given the SQL expressions (fixed fragments written in
 * this module's callers, never input) holding the call's user, team, gateway id (text), server and tool.
 */
export function appliesSql(c: { user: string; team: string; gateway: string; server: string; tool: string }): string {
  return `NOT b.archived AND (
    b.scope = 'global'
    OR (b.scope = 'user' AND b.scope_value = ${c.user})
    OR (b.scope = 'team' AND b.scope_value = ${c.team})
    OR (b.scope = 'gateway' AND b.scope_value = ${c.gateway})
    OR (b.scope = 'server' AND b.scope_value = ${c.server})
    OR (b.scope = 'tool' AND b.scope_value = ${c.tool}))`;
}

const CURRENT_SQL = `
  SELECT b.id AS budget_id, b.period::text AS period, bp.id AS period_id
  FROM budgets b
  LEFT JOIN budget_periods bp ON bp.budget_id = b.id
    AND bp.period_start = CASE b.period WHEN 'day' THEN $6::timestamptz WHEN 'week' THEN $7::timestamptz ELSE $8::timestamptz END
  WHERE ${appliesSql({ user: "$1", team: "$2", gateway: "$3", server: "$4", tool: "$5" })}`;

/**
 * Creates the period rows that do not exist yet (a new budget, a new day…). Inserted in (budget, start)
 * order so two transactions creating the same rows wait for each other instead of deadlocking.
 */
export async function ensurePeriodRows(q: Pool | PoolClient, rows: { budgetId: string; start: Date; end: Date }[]): Promise<void> {
  if (!rows.length) return;
  await q.query({
    name: "warden_budget_periods_ensure",
    text: `INSERT INTO budget_periods (id, budget_id, period_start, period_end)
      SELECT gen_random_uuid(), t.budget_id, t.period_start, t.period_end
      FROM unnest($1::uuid[], $2::timestamptz[], $3::timestamptz[]) AS t(budget_id, period_start, period_end)
      ORDER BY 2, 3
      ON CONFLICT (budget_id, period_start) DO NOTHING`,
    values: [rows.map((r) => r.budgetId), rows.map((r) => r.start.toISOString()), rows.map((r) => r.end.toISOString())],
  });
}

/**
 * The current period row id of every budget the subject falls under, creating missing rows first.
 * Returned sorted by id: the order every transaction locks period rows in.
 */
export async function findCurrentPeriodIds(q: Pool | PoolClient, s: CallSubject, now = new Date()): Promise<string[]> {
  const periods = currentPeriods(now);
  const values = [
    s.userId,
    s.team ?? null,
    s.gatewayId,
    s.server ?? null,
    s.tool ?? null,
    periods.day.start.toISOString(),
    periods.week.start.toISOString(),
    periods.month.start.toISOString(),
  ];
  for (let attempt = 0; ; attempt++) {
    const { rows } = await q.query<{ budget_id: string; period: PeriodKind; period_id: string | null }>({
      name: "warden_budget_current_periods",
      text: CURRENT_SQL,
      values,
    });
    const missing = rows.filter((r) => r.period_id === null);
    if (!missing.length || attempt >= 2) {
      return rows
        .map((r) => r.period_id)
        .filter((id): id is string => id !== null)
        .sort();
    }
    await ensurePeriodRows(
      q,
      missing.map((r) => ({ budgetId: r.budget_id, ...periodOf(r.period, now) })),
    );
  }
}
