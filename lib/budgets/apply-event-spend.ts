import "server-only";
import type { PoolClient } from "pg";
import { pool } from "../db";
import { log } from "../log";
import { publishThrottled } from "../realtime/publish";
import { appliesSql, ensurePeriodRows } from "./applicable-budgets";
import { periodOf } from "./budget-clock";
import { enqueueJobInTransaction } from "./enqueue-job-in-transaction";
import { budgetThresholdAlertJob } from "./jobs";
import type { PeriodKind } from "./period";

// CONTRACT (owned by the budgets work): called by ingest inside its transaction, once per group of
// batches, with what the batch's events spent — never for duplicates:
//  - `reserved`: the inserted events that name a reservation (settled here: reserved → spent with the
//    actual cost; an id that is not the event's gateway's own reservation counts as unreserved spend);
//  - `loose`: the spend of the inserted events without a reservation, already matched to the budgets it
//    falls under by ingest's statement (LOOSE_SPEND_SQL below, one row per budget and minute, so the
//    common case costs no extra round trip and nothing at all when no budget applies).
// Counts every cost against every applicable budget period.
export interface SpendEvent {
  id: string;
  ts: Date;
  gatewayId: string;
  userId: string;
  team: string | null;
  server: string;
  tool: string;
  costUsd: string | null; // exact decimal as text
  reservationId: string | null;
}

/** Spend of unreserved calls under one budget within one minute (periods start on whole minutes). */
export interface LooseSpend {
  budgetId: string;
  period: PeriodKind;
  /** Start of the minute the calls fell in. */
  at: Date;
  costUsd: string;
}

/**
 * For ingest's statement: the spend of the rows of `rows` (a CTE with the inserted events) that carry a
 * cost and no reservation, per applicable budget and minute. Columns: budget_id, period, minute, cost.
 */
export function looseSpendSql(rows: string): string {
  return `SELECT b.id AS budget_id, b.period::text AS period, date_trunc('minute', e.ts) AS minute, sum(e.cost_usd) AS cost
  FROM ${rows} e JOIN budgets b ON ${appliesSql({ user: "e.user_id", team: "e.team", gateway: "e.gateway_id::text", server: "e.server", tool: "e.tool" })}
  WHERE e.reservation_id IS NULL AND e.cost_usd > 0
  GROUP BY 1, 2, 3`;
}

// Settlement of the reservations the batch names — only the event's own gateway's. Every event of a
// reservation adds its cost (a missing cost is 0: the call reported none). An active reservation becomes
// settled and gives its reserved amount back; one already settled, released or expired still gets the
// spend (the call happened) but has nothing reserved left to give back. Spend lands on the period rows
// the reservation reserved on — across a period rollover too, so nothing in flight is lost.
const SETTLE_SQL = `
WITH ev AS (
  SELECT rid, gw, sum(coalesce(cost, 0)) AS cost
  FROM unnest($1::uuid[], $2::numeric[], $3::uuid[]) AS e(rid, cost, gw)
  GROUP BY rid, gw
),
r AS (
  SELECT x.id, x.status, ev.cost
  FROM reservations x JOIN ev ON ev.rid = x.id AND x.gateway_id = ev.gw
  ORDER BY x.id
  FOR NO KEY UPDATE OF x
),
settled AS (
  UPDATE reservations x
  SET status = 'settled', actual_usd = coalesce(x.actual_usd, 0) + r.cost, settled_at = coalesce(x.settled_at, now())
  FROM r WHERE x.id = r.id
  RETURNING x.id
)
SELECT r.id AS reservation_id, rl.budget_period_id AS period_id, r.cost::text AS spent,
       (CASE WHEN r.status = 'active' THEN rl.amount_usd ELSE 0 END)::text AS released,
       (SELECT count(*) FROM settled)::int AS n
FROM r LEFT JOIN reservation_lines rl ON rl.reservation_id = r.id`;

// The budgets each unreserved event falls under ($1…$5 are parallel arrays; i is the 1-based index).
const LOOSE_SQL = `
SELECT e.i::int AS i, b.id AS budget_id, b.period::text AS period
FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[]) WITH ORDINALITY AS e(user_id, team, gw, server, tool, i)
JOIN budgets b ON ${appliesSql({ user: "e.user_id", team: "e.team", gateway: "e.gw", server: "e.server", tool: "e.tool" })}`;

// All period deltas of the batch in one statement: rows locked in id order, spent added, reserved given
// back, and thresholds the new spent reaches claimed in alerted_percents under the same row lock — so
// however many settlements race, each threshold of each period is claimed exactly once.
const APPLY_SQL = `
WITH d0 AS (
  SELECT t.id, t.spent, t.released
  FROM unnest($1::uuid[], $2::numeric[], $3::numeric[]) AS t(id, spent, released)
  UNION ALL
  SELECT bp.id, t.spent, 0
  FROM unnest($4::uuid[], $5::timestamptz[], $6::numeric[]) AS t(budget_id, period_start, spent)
  JOIN budget_periods bp ON bp.budget_id = t.budget_id AND bp.period_start = t.period_start
),
d AS (SELECT id, sum(spent) AS spent, sum(released) AS released FROM d0 GROUP BY id),
locked AS (
  SELECT bp.id, d.spent, d.released, coalesce(bp.alerted_percents, '{}') AS alerted
  FROM budget_periods bp JOIN d ON d.id = bp.id
  ORDER BY bp.id
  FOR NO KEY UPDATE OF bp
),
upd AS (
  UPDATE budget_periods bp
  SET spent_usd = bp.spent_usd + l.spent,
      reserved_usd = bp.reserved_usd - l.released,
      alerted_percents = coalesce(bp.alerted_percents, '{}') || ARRAY(
        SELECT t FROM unnest(coalesce(b.thresholds, '{}')) AS t
        WHERE NOT (t = ANY(coalesce(bp.alerted_percents, '{}')))
          AND (bp.spent_usd + l.spent) * 100 >= t * b.limit_usd
        ORDER BY t)
  FROM locked l, budgets b
  WHERE bp.id = l.id AND b.id = bp.budget_id
  RETURNING bp.id, bp.alerted_percents
)
SELECT u.id AS period_id, u.alerted_percents AS alerted, l.alerted AS before
FROM upd u JOIN locked l ON l.id = u.id
WHERE cardinality(u.alerted_percents) > cardinality(l.alerted)`;

export async function applyEventSpend(client: PoolClient, spend: { reserved: readonly SpendEvent[]; loose: readonly LooseSpend[] }): Promise<void> {
  const { reserved } = spend;
  const loose = [...spend.loose];
  if (!reserved.length && !loose.length) return;
  const byId: { ids: string[]; spent: string[]; released: string[] } = { ids: [], spent: [], released: [] };

  // 1. Reservations (each event's own gateway's; another gateway's id counts as no reservation).
  const settled = new Set<string>();
  if (reserved.length) {
    const { rows } = await client.query<{ reservation_id: string; period_id: string | null; spent: string; released: string }>({
      name: "warden_spend_settle",
      text: SETTLE_SQL,
      values: [reserved.map((e) => e.reservationId), reserved.map((e) => e.costUsd), reserved.map((e) => e.gatewayId)],
    });
    for (const r of rows) {
      settled.add(r.reservation_id);
      if (r.period_id) {
        byId.ids.push(r.period_id);
        byId.spent.push(r.spent);
        byId.released.push(r.released);
      }
    }
  }

  // 2. Events whose reservation is not theirs (or unknown) spend like unreserved ones: match them to
  //    their budgets here (rare: ingest's statement matched all the others already).
  const unmatched = reserved.filter((e) => !settled.has(e.reservationId!) && e.costUsd !== null && Number(e.costUsd) > 0);
  if (unmatched.length) {
    const { rows } = await client.query<{ i: number; budget_id: string; period: PeriodKind }>({
      name: "warden_spend_loose_budgets",
      text: LOOSE_SQL,
      values: [unmatched.map((e) => e.userId), unmatched.map((e) => e.team), unmatched.map((e) => e.gatewayId), unmatched.map((e) => e.server), unmatched.map((e) => e.tool)],
    });
    for (const r of rows) {
      const e = unmatched[r.i - 1];
      loose.push({ budgetId: r.budget_id, period: r.period, at: e.ts, costUsd: e.costUsd! });
    }
  }

  // 3. Unreserved spend lands in the period of the call (a timestamp ahead of our clock counts now).
  const byPeriod: { budgetIds: string[]; starts: string[]; spent: string[] } = { budgetIds: [], starts: [], spent: [] };
  if (loose.length) {
    const now = Date.now();
    const periods = new Map<string, { budgetId: string; start: Date; end: Date }>();
    for (const l of loose) {
      const bounds = periodOf(l.period, l.at.getTime() > now ? new Date(now) : l.at);
      const start = bounds.start.toISOString();
      periods.set(`${l.budgetId}|${start}`, { budgetId: l.budgetId, ...bounds });
      byPeriod.budgetIds.push(l.budgetId);
      byPeriod.starts.push(start);
      byPeriod.spent.push(l.costUsd);
    }
    await ensurePeriodRows(client, [...periods.values()]);
  }

  if (!byId.ids.length && !byPeriod.budgetIds.length) {
    if (settled.size) notifyAfterCommit(client);
    return;
  }

  // 4. Apply, claim thresholds, and enqueue their alerts in this same transaction.
  const { rows: crossings } = await client.query<{ period_id: string; alerted: number[]; before: number[] }>({
    name: "warden_spend_apply",
    text: APPLY_SQL,
    values: [byId.ids, byId.spent, byId.released, byPeriod.budgetIds, byPeriod.starts, byPeriod.spent],
  });
  for (const c of crossings) {
    const percents = c.alerted.filter((p) => !c.before.includes(p));
    if (percents.length) await enqueueAlert(client, c.period_id, percents);
  }
  notifyAfterCommit(client);
}

/**
 * Enqueues the alert job in ingest's transaction. Spend is never refused because an alert cannot be
 * queued (no job queue in this database, e.g. every instance runs with WARDEN_JOBS=0): a savepoint keeps
 * the transaction usable and the miss is logged; the crossing stays claimed, so it is not retried.
 */
async function enqueueAlert(client: PoolClient, periodId: string, percents: number[]): Promise<void> {
  await client.query("SAVEPOINT budget_alert");
  try {
    const queued = await enqueueJobInTransaction(client, budgetThresholdAlertJob, { periodId, percents });
    await client.query("RELEASE SAVEPOINT budget_alert");
    if (!queued) log.error({ periodId, percents }, "budget threshold alert not queued: the job queue has no budgets.threshold-alert queue");
  } catch (err) {
    await client.query("ROLLBACK TO SAVEPOINT budget_alert");
    log.error({ periodId, percents, err: String(err) }, "budget threshold alert not queued");
  }
}

/**
 * Live update of the budget views once ingest's transaction is over: this function cannot see the
 * COMMIT, but the client goes back to the pool right after it, and the pool says so. (A client from
 * another pool falls back to a short timer.) Throttled: a busy ingest sends one message a second.
 */
const awaitingRelease = new WeakSet<object>();
let listening = false;

function notifyAfterCommit(client: PoolClient): void {
  if (!listening) {
    listening = true;
    pool().on("release", (_err: unknown, released: object) => {
      if (awaitingRelease.delete(released)) publishThrottled("budgets", 1000);
    });
  }
  awaitingRelease.add(client);
  setTimeout(() => {
    if (awaitingRelease.delete(client)) publishThrottled("budgets", 1000);
  }, 5000).unref?.();
}
