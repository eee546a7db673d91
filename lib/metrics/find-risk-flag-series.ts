import "server-only";
import { Prisma } from "../generated/prisma/client";
import type { ComparisonPeriod, SeriesQuery, WindowInfo } from "./schema";
import { findBucketTotals } from "./find-bucket-totals";
import { findComparisonPeriod } from "./find-comparison-period";
import type { TimeWindow } from "./time-window";
import { bucketSql, filterConditions, flagTable, ignoredFilters, queryRows, tableSql, timeRange, windowInfo } from "./rollup-sql";
import { toStackedSeries, type StackedSeries } from "./series";
import { windowFor } from "./window-for";

export interface RiskFlagSeries extends StackedSeries {
  window: WindowInfo;
  total: number;
  /** With `compare`: the comparison period's flagged calls per bucket, all flags together. */
  previous?: ComparisonPeriod<{ t: string; total: number }>;
}

/** Calls carrying each risk flag per bucket (a call with two flags counts once under each). */
export async function findRiskFlagSeries(q: SeriesQuery): Promise<RiskFlagSeries> {
  const w = windowFor(q, { userDay: false });
  const table = flagTable(w.source);
  const totals = (win: TimeWindow) => findBucketTotals({ table, window: win, filters: q, sum: Prisma.sql`sum(calls)::int8` });
  const [rows, previous] = await Promise.all([
    queryRows<{ t: Date; label: string; value: number }>(Prisma.sql`
      SELECT ${bucketSql(table, w)} AS t, flag AS label, sum(calls)::int8 AS value
      FROM ${tableSql(table)}
      WHERE ${timeRange(table, w.from, w.to)}${filterConditions(table, q)}
      GROUP BY 1, 2`),
    findComparisonPeriod({ window: w, compare: q.compare, load: totals }),
  ]);
  return {
    window: windowInfo(w, ignoredFilters(table, q), table),
    total: rows.reduce((a, r) => a + r.value, 0),
    ...toStackedSeries(w.buckets, rows, 6),
    ...(previous && { previous }),
  };
}
