import "server-only";
import { randomUUID } from "node:crypto";
import { pool } from "../db";
import { ApiError } from "../http/errors";
import { appliesSql, ensurePeriodRows } from "./applicable-budgets";
import { currentPeriods, periodOf } from "./budget-clock";
import type { PeriodKind } from "./period";
import { expireReservations } from "./expire-reservations";
import { DEFAULT_RESERVATION_TTL_SECONDS, type AuthorizeSpendBody, type AuthorizeSpendResponse, type BudgetRemaining } from "./schema";
import { trimDecimal } from "./usd";

// One statement, one round trip, atomic on its own (autocommit):
//  0. `applicable` finds the budgets the call falls under and the start of each one's current period;
//  1. `locked` takes the row lock of every applicable period row in id order — every writer of period
//     rows (authorize, release, expiry, settlement) locks them in that order, so they cannot deadlock —
//     and reads each row's latest committed values (a locking read waits for and sees concurrent writers);
//  2. `verdict` checks those values: every hard budget must fit spent + reserved + estimate within its
//     limit, read from `budgets` now (so an edited limit applies to the very next authorization);
//  3. `upd` adds the estimate to every locked row only if the verdict allows all of them, and the
//     reservation and one line per updated row are inserted under the same condition — so a refused call
//     changes nothing, and reserved_usd always equals the sum of the active reservations' lines.
// The check reads rows this statement holds locked until it commits: no other writer can change them
// between the check and the increment, so no two authorizations can both pass on the same remaining
// amount. (The rows to update come from a joined CTE, not from a sub-select in the UPDATE's WHERE:
// Postgres re-evaluates an UPDATE's quals on a concurrently updated row, and a sub-select over a CTE
// there would not see the locked rows again.)
//
// Early lock release: the statement commits asynchronously (`sc`), so its row locks are released
// without waiting for the WAL flush — every authorization under a global budget locks that one row,
// and holding it through an fsync would allow one authorization per fsync. The gateway is answered
// only after FLUSH_SQL, a synchronous transaction that writes WAL, has flushed the WAL up to and past
// this commit: an "allowed" answer is always durable. A database crash in between can only lose
// reservations nobody was told about (and refusals never need the flush: they change nothing).
const RESERVE_SQL = `
WITH sc AS (SELECT set_config('synchronous_commit', 'off', true) AS async),
applicable AS (
  SELECT b.id, b.period,
         CASE b.period WHEN 'day' THEN $9::timestamptz WHEN 'week' THEN $10::timestamptz ELSE $11::timestamptz END AS period_start
  FROM budgets b
  WHERE ${appliesSql({ user: "$4", team: "$5", gateway: "$3::text", server: "$6", tool: "$7" })}
),
locked AS (
  SELECT bp.id, bp.budget_id, bp.spent_usd, bp.reserved_usd, bp.period_end
  FROM budget_periods bp JOIN applicable a ON a.id = bp.budget_id AND a.period_start = bp.period_start
  ORDER BY bp.id
  FOR NO KEY UPDATE OF bp
),
verdict AS (
  SELECT coalesce(bool_and(b.mode = 'soft' OR l.spent_usd + l.reserved_usd + $1::numeric <= b.limit_usd), true)
           AND count(*) = (SELECT count(*) FROM applicable) AS ok
  FROM locked l JOIN budgets b ON b.id = l.budget_id
),
go AS (
  SELECT l.id FROM locked l CROSS JOIN verdict v WHERE v.ok
),
upd AS (
  UPDATE budget_periods bp
  SET reserved_usd = bp.reserved_usd + $1::numeric
  FROM go
  WHERE bp.id = go.id
  RETURNING bp.id, bp.spent_usd, bp.reserved_usd
),
res AS (
  INSERT INTO reservations (id, gateway_id, status, amount_usd, user_id, team, server, tool, expires_at, created_at)
  SELECT $2::uuid, $3::uuid, 'active', $1::numeric, $4, $5, $6, $7, now() + $8::int * interval '1 second', now()
  FROM verdict WHERE verdict.ok
  RETURNING id, expires_at
),
lines AS (
  INSERT INTO reservation_lines (reservation_id, budget_period_id, amount_usd)
  SELECT r.id, u.id, $1::numeric FROM res r CROSS JOIN upd u
  RETURNING 1
)
SELECT
  (SELECT async FROM sc) AS async,
  (SELECT expires_at FROM res) AS expires_at,
  (SELECT json_agg(json_build_object('id', a.id, 'period', a.period))
   FROM applicable a WHERE NOT EXISTS (SELECT 1 FROM locked l WHERE l.budget_id = a.id)) AS missing,
  (SELECT coalesce(json_agg(json_build_object(
      'id', b.id, 'name', b.name, 'scope', b.scope, 'scopeValue', b.scope_value, 'period', b.period, 'mode', b.mode,
      'limitUsd', b.limit_usd::text,
      'spentUsd', coalesce(u.spent_usd, l.spent_usd)::text,
      'reservedUsd', coalesce(u.reserved_usd, l.reserved_usd)::text,
      'remainingUsd', greatest(b.limit_usd - coalesce(u.spent_usd, l.spent_usd) - coalesce(u.reserved_usd, l.reserved_usd), 0)::text,
      'periodEnd', l.period_end,
      'fits', b.mode = 'soft' OR l.spent_usd + l.reserved_usd + $1::numeric <= b.limit_usd
    ) ORDER BY b.id), '[]'::json)
   FROM locked l JOIN budgets b ON b.id = l.budget_id LEFT JOIN upd u ON u.id = l.id) AS budgets`;

/** Writes a WAL record in its own synchronous transaction: its commit flushes all WAL before it. */
const FLUSH_SQL = "SELECT pg_logical_emit_message(true, 'warden', 'spend-flush') IS NOT NULL AS flushed";

type Row = BudgetRemaining & { fits: boolean };

export interface AuthorizeSpendOptions {
  gatewayId: string;
  input: AuthorizeSpendBody;
}

/**
 * Reserves the estimate against every budget the call falls under, or refuses naming the budget that
 * would be exceeded. A refusal first releases reservations that have expired (the sweep job runs once a
 * minute) and tries once more, so a stale hold never refuses a call on its own.
 */
export async function authorizeSpend({ gatewayId, input }: AuthorizeSpendOptions): Promise<AuthorizeSpendResponse> {
  const ttl = input.ttlSeconds ?? DEFAULT_RESERVATION_TTL_SECONDS;
  for (let attempt = 0; attempt < 4; attempt++) {
    const now = new Date();
    const periods = currentPeriods(now);
    const reservationId = randomUUID();
    const { rows } = await pool().query<{ expires_at: Date | null; missing: { id: string; period: PeriodKind }[] | null; budgets: Row[] }>({
      name: "warden_spend_authorize",
      text: RESERVE_SQL,
      values: [
        input.estimatedCostUsd,
        reservationId,
        gatewayId,
        input.userId,
        input.team ?? null,
        input.server ?? null,
        input.tool ?? null,
        ttl,
        periods.day.start.toISOString(),
        periods.week.start.toISOString(),
        periods.month.start.toISOString(),
      ],
    });
    const { expires_at, missing, budgets } = rows[0];
    const view = budgets.map(({ fits: _fits, ...b }) => tidy(b));
    if (expires_at) {
      await pool().query({ name: "warden_spend_flush", text: FLUSH_SQL });
      return { allowed: true, reservationId, expiresAt: new Date(expires_at).toISOString(), budgets: view };
    }
    if (missing?.length) {
      // A budget without a row for this period yet (new budget, new day…): create it, then try again.
      await ensurePeriodRows(pool(), missing.map((m) => ({ budgetId: m.id, ...periodOf(m.period, now) })));
      continue;
    }
    const refused = budgets.filter((b) => !b.fits).sort((a, b) => Number(a.remainingUsd) - Number(b.remainingUsd));
    if (!refused.length) continue; // the budgets changed meanwhile: look again
    if (attempt === 0 && (await expireReservations({ limit: 500 })).expired > 0) continue;
    const b = tidy(refused[0]);
    return {
      allowed: false,
      reason: `Budget "${b.name}" (${b.scope}${b.scopeValue ? ` ${b.scopeValue}` : ""}, per ${b.period}) would be exceeded: limit $${b.limitUsd}, spent $${b.spentUsd}, reserved $${b.reservedUsd}, this call $${trimDecimal(input.estimatedCostUsd)}.`,
      budget: { id: b.id, name: b.name, scope: b.scope, scopeValue: b.scopeValue, limitUsd: b.limitUsd, spentUsd: b.spentUsd, reservedUsd: b.reservedUsd },
    };
  }
  throw new ApiError("unavailable", "The budgets changed while authorizing; retry.", { retryAfterSeconds: 1 });
}

function tidy(b: Omit<Row, "fits">): BudgetRemaining {
  return {
    id: b.id,
    name: b.name,
    scope: b.scope,
    scopeValue: b.scopeValue,
    period: b.period,
    mode: b.mode,
    limitUsd: trimDecimal(b.limitUsd),
    spentUsd: trimDecimal(b.spentUsd),
    reservedUsd: trimDecimal(b.reservedUsd),
    remainingUsd: trimDecimal(b.remainingUsd),
    periodEnd: new Date(b.periodEnd).toISOString(),
  };
}
