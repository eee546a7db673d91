import "server-only";
import { Prisma } from "../generated/prisma/client";
import type { MetricsQuery, WindowInfo } from "./schema";
import { bucketSql, filterConditions, ignoredFilters, queryRows, tableSql, timeRange, windowInfo } from "./rollup-sql";
import { toErrorRatePoints, type ErrorRatePoint } from "./series";
import { windowFor } from "./window-for";

export interface ErrorRateSeries {
  window: WindowInfo;
  /** errors / calls over the whole window (null without calls). */
  overall: number | null;
  points: ErrorRatePoint[];
}

/** Error rate per bucket: calls with status "error" / all calls. */
export async function findErrorRateSeries(q: MetricsQuery): Promise<ErrorRateSeries> {
  const w = windowFor(q, { userDay: true });
  const table = w.source;
  const rows = await queryRows<{ t: Date; calls: number; errors: number }>(Prisma.sql`
    SELECT ${bucketSql(table, w)} AS t, sum(calls)::int8 AS calls, sum(errors)::int8 AS errors
    FROM ${tableSql(table)}
    WHERE ${timeRange(table, w.from, w.to)}${filterConditions(table, q)}
    GROUP BY 1`);
  const points = toErrorRatePoints(w.buckets, rows);
  const calls = points.reduce((a, p) => a + p.calls, 0);
  const errors = points.reduce((a, p) => a + p.errors, 0);
  return { window: windowInfo(w, ignoredFilters(table, q)), overall: calls > 0 ? errors / calls : null, points };
}
