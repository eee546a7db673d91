import "server-only";
import { Prisma } from "../generated/prisma/client";
import { db } from "../db";
import type { BudgetScopeName } from "./schema";

export interface BudgetTopSpenders {
  /** Users where the per-user rollup can apply the scope; teams for server and tool budgets. */
  by: "user" | "team";
  rows: { key: string; team: string | null; costUsd: number; calls: number }[];
}

/**
 * The 10 biggest spenders inside a budget's current period since it began counting (`start`: the period's
 * start, or the budget's creation when it was created mid-period), from the rollups. The per-user daily rollup
 * knows user, team and gateway (whole UTC days overlapping the period); it does not know servers or
 * tools, so a server or tool budget ranks teams from the hourly rollup instead.
 */
export async function findBudgetTopSpenders(b: { scope: BudgetScopeName; scopeValue: string | null }, bounds: { start: Date; end: Date; countedMidPeriod?: boolean }): Promise<BudgetTopSpenders> {
  if (b.scope === "server" || b.scope === "tool") {
    const column = b.scope === "server" ? Prisma.sql`server` : Prisma.sql`tool`;
    const rows = await db().$queryRaw<BudgetTopSpenders["rows"]>`
      SELECT team AS key, NULL AS team, sum(cost_usd)::float8 AS "costUsd", sum(calls)::int AS calls
      FROM rollup_hour
      WHERE bucket >= ${bounds.start} AND bucket < ${bounds.end} AND ${column} = ${b.scopeValue}
      GROUP BY team HAVING sum(cost_usd) > 0
      ORDER BY 3 DESC, 1 LIMIT 10`;
    return { by: "team", rows };
  }
  // A budget created mid-day (its first period) counts from its creation minute: the rest of that UTC day
  // comes from the events themselves (bounded to less than a day), whole days after it from the rollup.
  const midDay = bounds.start.getTime() % 86_400_000 !== 0 && (bounds.countedMidPeriod ?? false);
  const nextDay = new Date(Math.ceil(bounds.start.getTime() / 86_400_000) * 86_400_000);
  const first = (midDay ? nextDay : bounds.start).toISOString().slice(0, 10);
  const last = new Date(bounds.end.getTime() - 1).toISOString().slice(0, 10);
  const filter =
    b.scope === "team"
      ? Prisma.sql` AND team = ${b.scopeValue}`
      : b.scope === "gateway"
        ? Prisma.sql` AND gateway_id = ${b.scopeValue}::uuid`
        : b.scope === "user"
          ? Prisma.sql` AND user_id = ${b.scopeValue}`
          : Prisma.empty;
  const partial = midDay
    ? Prisma.sql`
      UNION ALL
      SELECT user_id, team, coalesce(sum(cost_usd), 0) AS cost_usd, count(*)::int AS calls
      FROM events
      WHERE ts >= ${bounds.start} AND ts < ${new Date(Math.min(nextDay.getTime(), bounds.end.getTime()))}${filter}
      GROUP BY user_id, team`
    : Prisma.empty;
  const rows = await db().$queryRaw<BudgetTopSpenders["rows"]>`
    SELECT user_id AS key, (array_agg(nullif(team, '') ORDER BY cost_usd DESC))[1] AS team,
           sum(cost_usd)::float8 AS "costUsd", sum(calls)::int AS calls
    FROM (
      SELECT user_id, team, cost_usd, calls FROM rollup_user_day
      WHERE day >= ${first}::date AND day <= ${last}::date${filter}${partial}
    ) s
    GROUP BY user_id HAVING sum(cost_usd) > 0
    ORDER BY 3 DESC, 1 LIMIT 10`;
  return { by: "user", rows };
}
