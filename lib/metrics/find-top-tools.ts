import "server-only";
import { Prisma } from "../generated/prisma/client";
import type { MetricsQuery, WindowInfo } from "./schema";
import { filterConditions, ignoredFilters, queryRows, tableSql, timeRange, windowInfo } from "./rollup-sql";
import { errorRate } from "./series";
import { windowFor } from "./window-for";

export interface TopToolRow {
  server: string;
  tool: string;
  errors: number;
  calls: number;
  errorRate: number | null;
}

export interface TopTools {
  window: WindowInfo;
  rows: TopToolRow[];
}

/** The 10 tools with the most errors in the window (ties: more calls first). */
export async function findTopTools(q: MetricsQuery): Promise<TopTools> {
  const w = windowFor(q, { userDay: false });
  const table = w.source;
  const rows = await queryRows<{ server: string; tool: string; errors: number; calls: number }>(Prisma.sql`
    SELECT server, tool, sum(errors)::int8 AS errors, sum(calls)::int8 AS calls
    FROM ${tableSql(table)}
    WHERE ${timeRange(table, w.from, w.to)}${filterConditions(table, q)}
    GROUP BY server, tool
    HAVING sum(errors) > 0
    ORDER BY 3 DESC, 4 DESC, tool, server
    LIMIT 10`);
  return {
    window: windowInfo(w, ignoredFilters(table, q)),
    rows: rows.map((r) => ({ ...r, errorRate: errorRate(r.errors, r.calls) })),
  };
}
