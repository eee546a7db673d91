import "server-only";
import { Prisma } from "../generated/prisma/client";
import type { ComparisonPeriod, SeriesQuery, WindowInfo } from "./schema";
import { findComparisonPeriod } from "./find-comparison-period";
import type { TimeWindow } from "./time-window";
import { bucketSql, filterConditions, ignoredFilters, queryRows, tableSql, timeRange, windowInfo } from "./rollup-sql";
import { toErrorRatePoints, type ErrorRatePoint } from "./series";
import { windowFor } from "./window-for";

export interface ErrorRateSeries {
  window: WindowInfo;
  /** errors / calls over the whole window (null without calls). */
  overall: number | null;
  points: ErrorRatePoint[];
  /** With `compare`: the comparison period's buckets (calls, errors, rate). */
  previous?: ComparisonPeriod<ErrorRatePoint>;
}

/** Error rate per bucket: calls with status "error" / all calls. */
export async function findErrorRateSeries(q: SeriesQuery): Promise<ErrorRateSeries> {
  const w = windowFor(q, { userDay: true });
  const table = w.source;
  const load = async (win: TimeWindow) => toErrorRatePoints(win.buckets, await queryRows<{ t: Date; calls: number; errors: number }>(Prisma.sql`
    SELECT ${bucketSql(table, w)} AS t, sum(calls)::int8 AS calls, sum(errors)::int8 AS errors
    FROM ${tableSql(table)}
    WHERE ${timeRange(table, win.from, win.to)}${filterConditions(table, q)}
    GROUP BY 1`));
  const [points, previous] = await Promise.all([load(w), findComparisonPeriod({ window: w, compare: q.compare, load })]);
  const calls = points.reduce((a, p) => a + p.calls, 0);
  const errors = points.reduce((a, p) => a + p.errors, 0);
  return { window: windowInfo(w, ignoredFilters(table, q)), overall: calls > 0 ? errors / calls : null, points, ...(previous && { previous }) };
}
