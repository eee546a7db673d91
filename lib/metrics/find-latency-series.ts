import "server-only";
import { Prisma } from "../generated/prisma/client";
import type { ComparisonPeriod, SeriesQuery, WindowInfo } from "./schema";
import { findComparisonPeriod } from "./find-comparison-period";
import type { TimeWindow } from "./time-window";
import { LATENCY_SUMS, bucketSql, filterConditions, ignoredFilters, queryRows, tableSql, timeRange, windowInfo } from "./rollup-sql";
import { histogramOf, toLatencyPoints, type LatencyPoint } from "./series";
import { windowFor } from "./window-for";

export interface LatencySeries {
  window: WindowInfo;
  points: LatencyPoint[];
  /** With `compare`: the comparison period's p50 / p95 per bucket. */
  previous?: ComparisonPeriod<LatencyPoint>;
}

/** p50 / p95 latency per bucket, interpolated from the rollups' latency histogram (lat_0 … lat_11). */
export async function findLatencySeries(q: SeriesQuery): Promise<LatencySeries> {
  const w = windowFor(q, { userDay: false });
  const table = w.source;
  const load = async (win: TimeWindow) => {
    const rows = await queryRows<Record<string, number> & { t: Date }>(Prisma.sql`
      SELECT ${bucketSql(table, win)} AS t, ${LATENCY_SUMS}
      FROM ${tableSql(table)}
      WHERE ${timeRange(table, win.from, win.to)}${filterConditions(table, q)}
      GROUP BY 1`);
    return toLatencyPoints(
      win.buckets,
      rows.map((r) => ({ t: r.t, lat: histogramOf(r) })),
    );
  };
  const [points, previous] = await Promise.all([load(w), findComparisonPeriod({ window: w, compare: q.compare, load })]);
  return { window: windowInfo(w, ignoredFilters(table, q)), points, ...(previous && { previous }) };
}
