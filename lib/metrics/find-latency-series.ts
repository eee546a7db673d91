import "server-only";
import { Prisma } from "../generated/prisma/client";
import type { MetricsQuery, WindowInfo } from "./schema";
import { LATENCY_SUMS, bucketSql, filterConditions, ignoredFilters, queryRows, tableSql, timeRange, windowInfo } from "./rollup-sql";
import { histogramOf, toLatencyPoints, type LatencyPoint } from "./series";
import { windowFor } from "./window-for";

export interface LatencySeries {
  window: WindowInfo;
  points: LatencyPoint[];
}

/** p50 / p95 latency per bucket, interpolated from the rollups' latency histogram (lat_0 … lat_11). */
export async function findLatencySeries(q: MetricsQuery): Promise<LatencySeries> {
  const w = windowFor(q, { userDay: false });
  const table = w.source;
  const rows = await queryRows<Record<string, number> & { t: Date }>(Prisma.sql`
    SELECT ${bucketSql(table, w)} AS t, ${LATENCY_SUMS}
    FROM ${tableSql(table)}
    WHERE ${timeRange(table, w.from, w.to)}${filterConditions(table, q)}
    GROUP BY 1`);
  return {
    window: windowInfo(w, ignoredFilters(table, q)),
    points: toLatencyPoints(
      w.buckets,
      rows.map((r) => ({ t: r.t, lat: histogramOf(r) })),
    ),
  };
}
