import "server-only";
import type { Pool, PoolClient } from "pg";

// Which budgets a call falls under: the global ones, and those naming its user, team, gateway, server or
// tool. Archived budgets never apply. Shared by authorization (current period) and settlement.

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
