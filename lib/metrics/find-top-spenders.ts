import "server-only";
import { Prisma } from "../generated/prisma/client";
import type { TopSpendersQuery, WindowInfo } from "./schema";
import { filterConditions, ignoredFilters, queryRows, tableSql, timeRange, windowInfo } from "./rollup-sql";
import { windowFor } from "./window-for";
import type { TimeWindow } from "./time-window";

async function findTopUsersFromEvents(q: TopSpendersQuery, w: TimeWindow): Promise<TopSpenders> {
  const conds = [Prisma.sql`ts >= ${w.from.toISOString()}::timestamptz`, Prisma.sql`ts < ${w.to.toISOString()}::timestamptz`];
  if (q.gateway) conds.push(Prisma.sql`gateway_id = ${q.gateway}::uuid`);
  if (q.server) conds.push(Prisma.sql`server = ${q.server}`);
  if (q.tool) conds.push(Prisma.sql`tool = ${q.tool}`);
  if (q.team) conds.push(Prisma.sql`team = ${q.team}`);
  if (q.user) conds.push(Prisma.sql`user_id = ${q.user}`);
  const rows = await queryRows<TopSpenderRow>(Prisma.sql`
    WITH ut AS (
      SELECT user_id, coalesce(team, '') AS team, coalesce(sum(cost_usd), 0) AS cost, count(*) AS calls
      FROM events WHERE ${Prisma.join(conds, " AND ")}
      GROUP BY 1, 2
    )
    SELECT user_id AS key, (array_agg(nullif(team, '') ORDER BY cost DESC, team))[1] AS team,
           sum(cost)::float8 AS "costUsd", sum(calls)::int8 AS calls
    FROM ut GROUP BY user_id
    HAVING sum(cost) > 0
    ORDER BY 3 DESC, 1
    LIMIT 10`);
  return { window: windowInfo(w, []), by: "user", wholeDays: false, rows };
}

export interface TopSpenderRow {
  /** The user id or the team name ("" = no team). */
  key: string;
  /** For users: their team in the window (the one they spent most under in all). */
  team: string | null;
  costUsd: number;
  calls: number;
}

export interface TopSpenders {
  window: WindowInfo;
  by: "user" | "team";
  /** True when the figures cover whole UTC days (per-user rollup), which may be more than the window. */
  wholeDays: boolean;
  rows: TopSpenderRow[];
}

/** Up to this window length, users are ranked from the events themselves, so a short zoom shows its own figures. */
export const RAW_USER_WINDOW_SECONDS = 3600 + 60;

/**
 * The 10 biggest spenders in the window. Users come from the per-user daily rollup (whole UTC days
 * overlapping the window) — except in a zoom of an hour or less, where whole days would be figures of
 * another period: those are summed from the window's events (an hour's rows, by the (ts, id) index).
 * Teams come from the minute/hour rollup unless a user filter forces the daily one.
 */
export async function findTopSpenders(q: TopSpendersQuery): Promise<TopSpenders> {
  if (q.by === "user") {
    const short = windowFor(q, { userDay: false });
    if ((short.to.getTime() - short.from.getTime()) / 1000 <= RAW_USER_WINDOW_SECONDS) return findTopUsersFromEvents(q, short);
  }
  const w = windowFor(q, { userDay: q.by === "user" ? "always" : true });
  const table = w.source;
  const rows =
    q.by === "user"
      ? // Per (user, team) first — a hash aggregate of the window's rows, no sort of them — then each user's
        // total and the team they spent most under, over those few rows.
        await queryRows<TopSpenderRow>(Prisma.sql`
          WITH ut AS (
            SELECT user_id, team, sum(cost_usd) AS cost, sum(calls) AS calls
            FROM rollup_user_day
            WHERE ${timeRange("user_day", w.from, w.to)}${filterConditions("user_day", q)}
            GROUP BY user_id, team
          )
          SELECT user_id AS key, (array_agg(team ORDER BY cost DESC, team))[1] AS team,
                 sum(cost)::float8 AS "costUsd", sum(calls)::int8 AS calls
          FROM ut
          GROUP BY user_id
          HAVING sum(cost) > 0
          ORDER BY 3 DESC, 1
          LIMIT 10`)
      : await queryRows<TopSpenderRow>(Prisma.sql`
          SELECT team AS key, NULL AS team, sum(cost_usd)::float8 AS "costUsd", sum(calls)::int8 AS calls
          FROM ${tableSql(table)}
          WHERE ${timeRange(table, w.from, w.to)}${filterConditions(table, q)}
          GROUP BY team
          HAVING sum(cost_usd) > 0
          ORDER BY 3 DESC, 1
          LIMIT 10`);
  return { window: windowInfo(w, ignoredFilters(table, q)), by: q.by, wholeDays: table === "user_day", rows };
}
