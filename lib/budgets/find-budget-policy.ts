import "server-only";
import { pool } from "../db";
import { currentPeriods } from "./budget-clock";
import type { BudgetPolicyEntry } from "./schema";
import { trimDecimal } from "./usd";

export type { BudgetPolicyEntry } from "./schema";

const POLICY_SQL = `
SELECT b.id, b.name, b.scope::text AS scope, b.scope_value, b.period::text AS period, b.mode::text AS mode,
       b.limit_usd::text AS limit_usd, b.approval_above_usd::text AS approval_above_usd,
       coalesce(bp.spent_usd, 0)::text AS spent_usd, coalesce(bp.reserved_usd, 0)::text AS reserved_usd,
       greatest(b.limit_usd - coalesce(bp.spent_usd, 0) - coalesce(bp.reserved_usd, 0), 0)::text AS remaining_usd,
       (b.mode = 'hard' AND coalesce(bp.spent_usd, 0) + coalesce(bp.reserved_usd, 0) >= b.limit_usd) AS blocking
FROM budgets b
LEFT JOIN budget_periods bp ON bp.budget_id = b.id
  AND bp.period_start = CASE b.period WHEN 'day' THEN $2::timestamptz WHEN 'week' THEN $3::timestamptz ELSE $4::timestamptz END
WHERE NOT b.archived AND (b.scope <> 'gateway' OR b.scope_value = $1)
ORDER BY b.scope, b.scope_value NULLS FIRST, b.name, b.id`;

/**
 * The budgets a gateway must know about (GET /api/v1/policy): every active budget except other gateways'
 * own, with its current period's state and the per-call cost above which a call needs human approval.
 */
export async function findBudgetPolicy(gatewayId: string): Promise<BudgetPolicyEntry[]> {
  const periods = currentPeriods();
  const { rows } = await pool().query<{
    id: string;
    name: string;
    scope: BudgetPolicyEntry["scope"];
    scope_value: string | null;
    period: BudgetPolicyEntry["period"];
    mode: BudgetPolicyEntry["mode"];
    limit_usd: string;
    approval_above_usd: string | null;
    spent_usd: string;
    reserved_usd: string;
    remaining_usd: string;
    blocking: boolean;
  }>({
    name: "warden_budget_policy",
    text: POLICY_SQL,
    values: [gatewayId, periods.day.start.toISOString(), periods.week.start.toISOString(), periods.month.start.toISOString()],
  });
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    scope: r.scope,
    scopeValue: r.scope_value,
    period: r.period,
    mode: r.mode,
    limitUsd: trimDecimal(r.limit_usd),
    spentUsd: trimDecimal(r.spent_usd),
    reservedUsd: trimDecimal(r.reserved_usd),
    remainingUsd: trimDecimal(r.remaining_usd),
    periodStart: periods[r.period].start.toISOString(),
    periodEnd: periods[r.period].end.toISOString(),
    blocking: r.blocking,
    approvalAboveUsd: r.approval_above_usd === null ? null : trimDecimal(r.approval_above_usd),
  }));
}
