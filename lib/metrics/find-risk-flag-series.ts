import "server-only";
import { Prisma } from "../generated/prisma/client";
import type { MetricsQuery, WindowInfo } from "./schema";
import { bucketSql, filterConditions, ignoredFilters, queryRows, timeRange, windowInfo } from "./rollup-sql";
import { toStackedSeries, type StackedSeries } from "./series";
import { windowFor } from "./window-for";

export interface RiskFlagSeries extends StackedSeries {
  window: WindowInfo;
  total: number;
}

/** Calls carrying each risk flag per bucket (a call with two flags counts once under each). */
export async function findRiskFlagSeries(q: MetricsQuery): Promise<RiskFlagSeries> {
  const w = windowFor(q, { userDay: false });
  const rows = await queryRows<{ t: Date; label: string; value: number }>(Prisma.sql`
    SELECT ${bucketSql("flag_minute", w)} AS t, flag AS label, sum(calls)::int8 AS value
    FROM rollup_flag_minute
    WHERE ${timeRange("flag_minute", w.from, w.to)}${filterConditions("flag_minute", q)}
    GROUP BY 1, 2`);
  return {
    window: windowInfo(w, ignoredFilters("flag_minute", q), "flag_minute"),
    total: rows.reduce((a, r) => a + r.value, 0),
    ...toStackedSeries(w.buckets, rows, 6),
  };
}
