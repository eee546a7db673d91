import "server-only";
import { Prisma } from "../generated/prisma/client";
import { pool } from "../db";
import type { FilterKey, MetricsFilters, WindowInfo } from "./schema";
import { FILTER_KEYS } from "./schema";
import type { RollupSource, TimeWindow } from "./time-window";

// SQL fragments shared by the chart queries: which rollup table, which of the page's filters it can apply,
// and the bucket expression. Identifiers are fixed fragments chosen from closed sets; every value is a
// parameter.

export type Table = RollupSource | "flag_minute" | "flag_day";

const TABLES: Record<Table, Prisma.Sql> = {
  minute: Prisma.sql`rollup_minute`,
  hour: Prisma.sql`rollup_hour`,
  day: Prisma.sql`rollup_day`,
  user_day: Prisma.sql`rollup_user_day`,
  flag_minute: Prisma.sql`rollup_flag_minute`,
  flag_day: Prisma.sql`rollup_flag_day`,
};

const SERIES_DIMENSIONS = { gateway: Prisma.sql`gateway_id`, server: Prisma.sql`server`, tool: Prisma.sql`tool`, team: Prisma.sql`team` };
const FLAG_DIMENSIONS = { gateway: Prisma.sql`gateway_id`, tool: Prisma.sql`tool` };

// The dimensions each rollup is keyed by, i.e. the filters it can apply.
const DIMENSIONS: Record<Table, Partial<Record<FilterKey, Prisma.Sql>>> = {
  minute: SERIES_DIMENSIONS,
  hour: SERIES_DIMENSIONS,
  day: SERIES_DIMENSIONS,
  user_day: { gateway: Prisma.sql`gateway_id`, team: Prisma.sql`team`, user: Prisma.sql`user_id` },
  flag_minute: FLAG_DIMENSIONS,
  flag_day: FLAG_DIMENSIONS,
};

/** The risk-flag rollup matching a window's source (per day beyond 7 days, per minute otherwise). */
export const flagTable = (source: RollupSource): Table => (source === "day" || source === "user_day" ? "flag_day" : "flag_minute");

export const tableSql = (t: Table) => TABLES[t];

/** Filters set on the page that `table` cannot apply. */
export function ignoredFilters(table: Table, filters: MetricsFilters): FilterKey[] {
  return FILTER_KEYS.filter((k) => filters[k] !== undefined && !DIMENSIONS[table][k]);
}

const dayString = (d: Date) => d.toISOString().slice(0, 10);

/** The time column of a table as a timestamptz (the per-user rollup is keyed by UTC date). */
export function timeColumn(table: Table): Prisma.Sql {
  return table === "user_day" ? Prisma.sql`(day::timestamp AT TIME ZONE 'UTC')` : Prisma.sql`bucket`;
}

/** `time >= from AND time < to` on the table's own key column, so its index serves the range. */
export function timeRange(table: Table, from: Date, to: Date): Prisma.Sql {
  if (table === "user_day") {
    // Every day that overlaps [from, to).
    const lastDay = new Date(to.getTime() - 1);
    return Prisma.sql`day >= ${dayString(from)}::date AND day <= ${dayString(lastDay)}::date`;
  }
  return Prisma.sql`bucket >= ${from.toISOString()}::timestamptz AND bucket < ${to.toISOString()}::timestamptz`;
}

/** AND-ed equality conditions for the filters the table can apply (empty SQL when none). */
export function filterConditions(table: Table, filters: MetricsFilters): Prisma.Sql {
  const parts: Prisma.Sql[] = [];
  for (const k of FILTER_KEYS) {
    const col = DIMENSIONS[table][k];
    const v = filters[k];
    if (col && v !== undefined) parts.push(k === "gateway" ? Prisma.sql`${col} = ${v}::uuid` : Prisma.sql`${col} = ${v}`);
  }
  return parts.length ? Prisma.sql` AND ${Prisma.join(parts, " AND ")}` : Prisma.empty;
}

/** The bucket a row falls in: date_bin over the window's step and origin. */
export function bucketSql(table: Table, w: TimeWindow): Prisma.Sql {
  return Prisma.sql`date_bin(${w.stepSeconds} * interval '1 second', ${timeColumn(table)}, ${w.origin.toISOString()}::timestamptz)`;
}

export function windowInfo(w: TimeWindow, ignored: FilterKey[], source: Table = w.source): WindowInfo {
  return { from: w.from.toISOString(), to: w.to.toISOString(), stepSeconds: w.stepSeconds, source, ignoredFilters: ignored };
}

/** sum(lat_0) AS lat0 … sum(lat_11) AS lat11: the latency histogram of the rows (see latency-buckets.ts). */
export const LATENCY_SUMS = Prisma.sql`sum(lat_0)::int8 AS lat0, sum(lat_1)::int8 AS lat1, sum(lat_2)::int8 AS lat2,
  sum(lat_3)::int8 AS lat3, sum(lat_4)::int8 AS lat4, sum(lat_5)::int8 AS lat5, sum(lat_6)::int8 AS lat6, sum(lat_7)::int8 AS lat7,
  sum(lat_8)::int8 AS lat8, sum(lat_9)::int8 AS lat9, sum(lat_10)::int8 AS lat10, sum(lat_11)::int8 AS lat11`;

/** Runs a composed statement on the shared pool (numbers come back as numbers, NUMERIC as strings). */
export async function queryRows<T>(sql: Prisma.Sql): Promise<T[]> {
  const res = await pool().query(sql.text, sql.values as unknown[]);
  return res.rows as T[];
}
