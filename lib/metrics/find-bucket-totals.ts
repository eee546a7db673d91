import "server-only";
import { Prisma } from "../generated/prisma/client";
import { bucketSql, filterConditions, queryRows, tableSql, timeRange, type Table } from "./rollup-sql";
import type { MetricsFilters } from "./schema";
import { fillBuckets } from "./series";
import type { TimeWindow } from "./time-window";

/**
 * One total per bucket of a window (zero-filled): `sum` is the aggregate over the rollup's rows, e.g.
 * `sum(cost_usd)::float8`. A stacked chart's comparison draws this one line.
 */
export async function findBucketTotals({ table, window: w, filters, sum }: { table: Table; window: TimeWindow; filters: MetricsFilters; sum: Prisma.Sql }): Promise<{ t: string; total: number }[]> {
  const rows = await queryRows<{ t: Date; total: number | string | null }>(Prisma.sql`
    SELECT ${bucketSql(table, w)} AS t, ${sum} AS total
    FROM ${tableSql(table)}
    WHERE ${timeRange(table, w.from, w.to)}${filterConditions(table, filters)}
    GROUP BY 1`);
  return fillBuckets(w.buckets, rows, (r) => Number(r.total ?? 0), () => 0).map(({ t, value }) => ({ t, total: value }));
}
