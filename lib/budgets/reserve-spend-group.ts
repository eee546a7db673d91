import "server-only";
import type pg from "pg";
import { pool } from "../db";
import { appliesSql } from "./applicable-budgets";
import { currentPeriods } from "./budget-clock";
import type { PeriodKind } from "./period";
import { DEFAULT_RESERVATION_TTL_SECONDS, type AuthorizeSpendBody, type BudgetRemaining } from "./schema";

// One statement decides a whole group of authorizations, in order, as if they had run one after the
// other (atomic on its own: autocommit):
//  - `pairs` finds the budgets each request falls under (appliesSql, the definition settlement uses too)
//    and the start of each one's current period — the same periods for the whole group. It tests only
//    the candidates `cand`: the budgets that apply to some call of the group, appliesSql again with each
//    call value replaced by ANY(the group's values) — a superset, as appliesSql compares budget columns
//    to the call's values with operators (col op ANY(values) is the OR over the values; ANY anywhere else
//    is a syntax error, not a wrong answer). One scan of budgets (an index scan when there are many)
//    instead of one test per (call, budget): 3–5× less work at 200 budgets, and it no longer grows with
//    budgets × calls;
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
cand AS (
  SELECT b.id, b.period, b.scope, b.scope_value, b.archived
  FROM budgets b
  WHERE ${appliesSql({ user: "ANY($4::text[])", team: "ANY($5::text[])", gateway: "ANY($3::uuid[]::text[])", server: "ANY($6::text[])", tool: "ANY($7::text[])" })}
),
pairs AS (
  SELECT r.i, b.id AS budget_id,
         CASE b.period WHEN 'day' THEN $9::timestamptz WHEN 'week' THEN $10::timestamptz ELSE $11::timestamptz END AS period_start
  FROM req r JOIN cand b ON ${appliesSql({ user: "r.user_id", team: "r.team", gateway: "r.gw::text", server: "r.server", tool: "r.tool" })}
)
SELECT (SELECT to_json(d) FROM (
          SELECT f.outcome, f.expires_at, f.row_budget, f.row_name, f.row_scope, f.row_scope_value, f.row_period, f.row_mode,
                 f.row_limit::text[] AS row_limit, f.row_spent::text[] AS row_spent, f.row_end, f.pair_req, f.pair_row,
                 f.pair_reserved::text[] AS pair_reserved, f.pair_remaining::text[] AS pair_remaining, f.pair_fits,
                 f.missing_req, f.missing_budget, f.missing_period) d) AS decided,
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
  /** Not decided: a budget it or an earlier request of the group falls under has no row for this period yet (new budget, new day…). */
  | { outcome: "missing"; missing: { id: string; period: PeriodKind }[] };

/**
 * The function's answer as JSON (parsed natively, faster than node-postgres' array parser): parallel
 * arrays per request, per locked row, per pair and per missing pair. Amounts are decimal strings (never
 * JSON numbers), times ISO strings.
 */
interface Decided {
  outcome: SpendDecision["outcome"][];
  expires_at: (string | null)[];
  row_budget: string[] | null;
  row_name: string[] | null;
  row_scope: BudgetRemaining["scope"][] | null;
  row_scope_value: (string | null)[] | null;
  row_period: PeriodKind[] | null;
  row_mode: BudgetRemaining["mode"][] | null;
  row_limit: string[] | null;
  row_spent: string[] | null;
  row_end: string[] | null;
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
 * telling anyone. `client`: a connection inside a transaction the caller rolls back (a dry run).
 */
export async function reserveSpendGroup(requests: readonly SpendRequest[], now: Date, client: Pick<pg.PoolClient, "query"> = pool()): Promise<SpendDecision[]> {
  const periods = currentPeriods(now);
  const { rows } = await client.query<{ decided: Decided }>({
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
  return toDecisions(rows[0].decided, requests.length);
}

/** Each request's decision, with the state of each of its budgets as the request saw it (by budget id). */
function toDecisions(r: Decided, n: number): SpendDecision[] {
  if (r.outcome.length !== n) throw new Error(`spend authorization: ${r.outcome.length} decisions for ${n} requests`);
  const budgets: DecidedBudget[][] = Array.from({ length: n }, () => []);
  const pairs = r.pair_req ?? [];
  const periodEnds = (r.row_end ?? []).map((t) => new Date(t).toISOString());
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
      periodEnd: periodEnds[row],
      fits: r.pair_fits![j] === true,
    });
  }
  const missing: { id: string; period: PeriodKind }[][] = Array.from({ length: n }, () => []);
  (r.missing_req ?? []).forEach((req, j) => missing[req - 1].push({ id: r.missing_budget![j], period: r.missing_period![j] }));
  return r.outcome.map((outcome, i): SpendDecision => {
    if (outcome === "allowed") return { outcome, expiresAt: new Date(r.expires_at[i]!), budgets: budgets[i] };
    if (outcome === "refused") return { outcome, budgets: budgets[i] };
    return { outcome: "missing", missing: missing[i] };
  });
}
