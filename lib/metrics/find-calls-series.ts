import "server-only";
import { Prisma } from "../generated/prisma/client";
import type { ComparisonPeriod, SeriesQuery, WindowInfo } from "./schema";
import { findComparisonPeriod } from "./find-comparison-period";
import type { TimeWindow } from "./time-window";
import { bucketSql, filterConditions, ignoredFilters, queryRows, tableSql, timeRange, windowInfo } from "./rollup-sql";
import { toCallsPoints, type CallsPoint, type Status } from "./series";
import { windowFor } from "./window-for";

export interface CallsSeries {
  window: WindowInfo;
  /** The statuses this source can tell apart (the per-user rollup has no timeout/denied counts). */
  statuses: Status[];
  points: CallsPoint[];
  /** With `compare`: the comparison period's calls, same statuses and step. */
  previous?: ComparisonPeriod<CallsPoint>;
}

interface Row {
  t: Date;
  calls: number;
  errors: number;
  timeouts: number | null;
  blocked: number;
  denied: number | null;
}

/** Calls per bucket stacked by status, from the minute/hour rollup (or the per-user daily one). */
export async function findCallsSeries(q: SeriesQuery): Promise<CallsSeries> {
  const w = windowFor(q, { userDay: true });
  const table = w.source;
  const perUser = table === "user_day";
  const load = async (win: TimeWindow) => toCallsPoints(win.buckets, await queryRows<Row>(Prisma.sql`
    SELECT ${bucketSql(table, w)} AS t,
           sum(calls)::int8 AS calls, sum(errors)::int8 AS errors, sum(blocked)::int8 AS blocked,
           ${perUser ? Prisma.sql`NULL::int8 AS timeouts, NULL::int8 AS denied` : Prisma.sql`sum(timeouts)::int8 AS timeouts, sum(denied)::int8 AS denied`}
    FROM ${tableSql(table)}
    WHERE ${timeRange(table, win.from, win.to)}${filterConditions(table, q)}
    GROUP BY 1`));
  const [points, previous] = await Promise.all([load(w), findComparisonPeriod({ window: w, compare: q.compare, load })]);
  return {
    window: windowInfo(w, ignoredFilters(table, q)),
    statuses: perUser ? ["ok", "error", "blocked"] : ["ok", "error", "timeout", "blocked", "denied"],
    points,
    ...(previous && { previous }),
  };
}
