import "server-only";
import { pool } from "../db";
import { appliesSql } from "./applicable-budgets";
import { currentPeriods } from "./budget-clock";
import type { PeriodKind } from "./period";
import { DEFAULT_RESERVATION_TTL_SECONDS, type AuthorizeSpendBody, type BudgetRemaining } from "./schema";

// One statement decides a whole group of authorizations, in order, as if they had run one after the
// other (atomic on its own: autocommit):
//  - `pairs` finds the budgets each request falls under (appliesSql, the definition settlement uses too)
//    and the start of each one's current period — the same periods for the whole group;
//  - warden_authorize_spend_group (migration 20261203170507_spend_authorize_group, where its comment
//    explains it) locks every period row of the group once, in id order, reads their latest committed
//    values and the budgets' limits, decides request after request (each one sees the reservations of
//    the earlier allowed ones; a refused one changes nothing), then writes the period rows' new reserved
//    amounts, the reservations and their lines in bulk.
// The decisions read rows the statement holds locked until it commits, so no other writer (another
// instance's group, release, expiry, settlement) can change them between a check and its increment. The
// locks are taken in one query, in id order, like every other writer of period rows: no deadlock. (No
// UPDATE re-evaluates its quals over a locking CTE here: the function updates rows it already holds.)
//
// Early lock release: the statement commits asynchronously (`sc`), so the group's row locks are released
// without waiting for the WAL flush; the caller answers "allowed" only after a flush barrier.
const RESERVE_GROUP_SQL = `
WITH sc AS (SELECT set_config('synchronous_commit', 'off', true) AS async),
req AS (
  SELECT t.i::int AS i, t.gw, t.user_id, t.team, t.server, t.tool
  FROM unnest($3::uuid[], $4::text[], $5::text[], $6::text[], $7::text[]) WITH ORDINALITY AS t(gw, user_id, team, server, tool, i)
),
pairs AS (
  SELECT r.i, b.id AS budget_id,
         CASE b.period WHEN 'day' THEN $9::timestamptz WHEN 'week' THEN $10::timestamptz ELSE $11::timestamptz END AS period_start
  FROM req r JOIN budgets b ON ${appliesSql({ user: "r.user_id", team: "r.team", gateway: "r.gw::text", server: "r.server", tool: "r.tool" })}
)
SELECT f.outcome, f.expires_at, f.row_budget, f.row_name, f.row_scope, f.row_scope_value, f.row_period, f.row_mode,
       f.row_limit::text[], f.row_spent::text[], f.row_end, f.pair_req, f.pair_row, f.pair_reserved::text[],
       f.pair_remaining::text[], f.pair_fits, f.missing_req, f.missing_budget, f.missing_period,
       (SELECT async FROM sc) AS async
FROM warden_authorize_spend_group(
  $1::numeric[], $2::uuid[], $3::uuid[], $4::text[], $5::text[], $6::text[], $7::text[], $8::int[],
  (SELECT array_agg(i ORDER BY i, budget_id) FROM pairs),
  (SELECT array_agg(budget_id ORDER BY i, budget_id) FROM pairs),
  (SELECT array_agg(period_start ORDER BY i, budget_id) FROM pairs)
) f`;

export interface SpendRequest {
  gatewayId: string;
  reservationId: string;
  input: AuthorizeSpendBody;
}

/** A budget's state right after the request's decision, and whether the request fitted in it. */
export type DecidedBudget = BudgetRemaining & { fits: boolean };

export type SpendDecision =
  | { outcome: "allowed"; expiresAt: Date; budgets: DecidedBudget[] }
  | { outcome: "refused"; budgets: DecidedBudget[] }
  /** A budget it falls under has no row for this period yet (new budget, new day…): nothing was decided. */
  | { outcome: "missing"; missing: { id: string; period: PeriodKind }[] };

/** The function's answer: parallel arrays per request, per locked row, per pair and per missing pair
 * (amounts as text: node-postgres would parse numeric[] into floats). */
interface GroupRow {
  outcome: SpendDecision["outcome"][];
  expires_at: (Date | null)[];
  row_budget: string[] | null;
  row_name: string[] | null;
  row_scope: BudgetRemaining["scope"][] | null;
  row_scope_value: (string | null)[] | null;
  row_period: PeriodKind[] | null;
  row_mode: BudgetRemaining["mode"][] | null;
  row_limit: string[] | null;
  row_spent: string[] | null;
  row_end: Date[] | null;
  pair_req: number[] | null;
  pair_row: (number | null)[] | null;
  pair_reserved: (string | null)[] | null;
  pair_remaining: (string | null)[] | null;
  pair_fits: (boolean | null)[] | null;
  missing_req: number[] | null;
  missing_budget: string[] | null;
  missing_period: PeriodKind[] | null;
}

/**
 * Decides `requests` in order in one statement, against the periods current at `now`, and returns one
 * decision per request (same order). Allowed reservations are committed asynchronously: flush before
 * telling anyone.
 */
export async function reserveSpendGroup(requests: readonly SpendRequest[], now: Date): Promise<SpendDecision[]> {
  const periods = currentPeriods(now);
  const { rows } = await pool().query<GroupRow>({
    name: "warden_spend_authorize_group",
    text: RESERVE_GROUP_SQL,
    values: [
      requests.map((r) => r.input.estimatedCostUsd),
      requests.map((r) => r.reservationId),
      requests.map((r) => r.gatewayId),
      requests.map((r) => r.input.userId),
      requests.map((r) => r.input.team ?? null),
      requests.map((r) => r.input.server ?? null),
      requests.map((r) => r.input.tool ?? null),
      requests.map((r) => r.input.ttlSeconds ?? DEFAULT_RESERVATION_TTL_SECONDS),
      periods.day.start.toISOString(),
      periods.week.start.toISOString(),
      periods.month.start.toISOString(),
    ],
  });
  return toDecisions(rows[0], requests.length);
}

/** Each request's decision, with the state of each of its budgets as the request saw it (by budget id). */
function toDecisions(r: GroupRow, n: number): SpendDecision[] {
  if (r.outcome.length !== n) throw new Error(`spend authorization: ${r.outcome.length} decisions for ${n} requests`);
  const budgets: DecidedBudget[][] = Array.from({ length: n }, () => []);
  const pairs = r.pair_req ?? [];
  for (let j = 0; j < pairs.length; j++) {
    const k = r.pair_row![j];
    if (k === null) continue;
    const row = k - 1;
    budgets[pairs[j] - 1].push({
      id: r.row_budget![row],
      name: r.row_name![row],
      scope: r.row_scope![row],
      scopeValue: r.row_scope_value![row],
      period: r.row_period![row],
      mode: r.row_mode![row],
      limitUsd: r.row_limit![row],
      spentUsd: r.row_spent![row],
      reservedUsd: r.pair_reserved![j]!,
      remainingUsd: r.pair_remaining![j]!,
      periodEnd: r.row_end![row].toISOString(),
      fits: r.pair_fits![j] === true,
    });
  }
  const missing: { id: string; period: PeriodKind }[][] = Array.from({ length: n }, () => []);
  (r.missing_req ?? []).forEach((req, j) => missing[req - 1].push({ id: r.missing_budget![j], period: r.missing_period![j] }));
  return r.outcome.map((outcome, i): SpendDecision => {
    if (outcome === "allowed") return { outcome, expiresAt: r.expires_at[i]!, budgets: budgets[i] };
    if (outcome === "refused") return { outcome, budgets: budgets[i] };
    return { outcome: "missing", missing: missing[i] };
  });
}
