import "server-only";
import { Prisma } from "../generated/prisma/client";
import type { MetricsQuery, WindowInfo } from "./schema";
import { bucketSql, filterConditions, flagTable, ignoredFilters, queryRows, tableSql, timeRange, windowInfo } from "./rollup-sql";
import { toStackedSeries, type StackedSeries } from "./series";
import { windowFor } from "./window-for";

export interface RiskFlagSeries extends StackedSeries {
  window: WindowInfo;
  total: number;
}

/** Calls carrying each risk flag per bucket (a call with two flags counts once under each). */
export async function findRiskFlagSeries(q: MetricsQuery): Promise<RiskFlagSeries> {
  const w = windowFor(q, { userDay: false });
  const table = flagTable(w.source);
  const rows = await queryRows<{ t: Date; label: string; value: number }>(Prisma.sql`
    SELECT ${bucketSql(table, w)} AS t, flag AS label, sum(calls)::int8 AS value
    FROM ${tableSql(table)}
    WHERE ${timeRange(table, w.from, w.to)}${filterConditions(table, q)}
    GROUP BY 1, 2`);
  return {
    window: windowInfo(w, ignoredFilters(table, q), table),
    total: rows.reduce((a, r) => a + r.value, 0),
    ...toStackedSeries(w.buckets, rows, 6),
  };
}
