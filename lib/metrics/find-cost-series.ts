import "server-only";
import { Prisma } from "../generated/prisma/client";
import type { ComparisonPeriod, CostQuery, WindowInfo } from "./schema";
import { findBucketTotals } from "./find-bucket-totals";
import { findComparisonPeriod } from "./find-comparison-period";
import type { TimeWindow } from "./time-window";
import { bucketSql, filterConditions, ignoredFilters, queryRows, tableSql, timeRange, windowInfo } from "./rollup-sql";
import { toStackedSeries, type StackedSeries } from "./series";
import { windowFor } from "./window-for";

export interface CostSeries extends StackedSeries {
  window: WindowInfo;
  by: "team" | "tool";
  totalUsd: number;
  /** With `compare`: the comparison period's total spend per bucket (all teams or tools together). */
  previous?: ComparisonPeriod<{ t: string; total: number }>;
}

export const NO_TEAM_LABEL = "(no team)";

/** Spend (USD) per bucket stacked by team or by tool: the 6 largest plus "other". */
export async function findCostSeries(q: CostQuery): Promise<CostSeries> {
  // Per team, a user filter can be served by the per-user daily rollup (it has the team); per tool it cannot.
  const w = windowFor(q, { userDay: q.by === "team" });
  const table = w.source;
  const label = q.by === "team" ? Prisma.sql`team` : Prisma.sql`tool`;
  const totals = (win: TimeWindow) => findBucketTotals({ table, window: win, filters: q, sum: Prisma.sql`sum(cost_usd)::float8` });
  const [rows, previous] = await Promise.all([
    queryRows<{ t: Date; label: string; value: number }>(Prisma.sql`
      SELECT ${bucketSql(table, w)} AS t, ${label} AS label, sum(cost_usd)::float8 AS value
      FROM ${tableSql(table)}
      WHERE ${timeRange(table, w.from, w.to)}${filterConditions(table, q)}
      GROUP BY 1, 2
      HAVING sum(cost_usd) <> 0`),
    findComparisonPeriod({ window: w, compare: q.compare, load: totals }),
  ]);
  const labelled = rows.map((r) => ({ ...r, label: r.label === "" ? NO_TEAM_LABEL : r.label }));
  return {
    window: windowInfo(w, ignoredFilters(table, q)),
    by: q.by,
    totalUsd: labelled.reduce((a, r) => a + r.value, 0),
    ...toStackedSeries(w.buckets, labelled, 6),
    ...(previous && { previous }),
  };
}
