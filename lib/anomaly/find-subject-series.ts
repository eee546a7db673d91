import "server-only";
import { Prisma } from "../generated/prisma/client";
import type { ChartSpec } from "./finding";
import { MINUTE, floorMinute, LAT_COLUMNS } from "./find-window-measures";
import { p95Of } from "./measures";
import { rows as queryRows, type Queryable } from "./sql";

// The per-minute series behind an alert (its chart): one subject, one metric, from the minute rollups
// (users: the detector's per-user minute table; flags: the flag rollup). Missing minutes are zeros.

export interface SeriesPoint {
  t: string;
  v: number | null;
}

function filterSql(spec: ChartSpec): Prisma.Sql {
  switch (spec.dimension) {
    case "tool":
      return Prisma.sql`AND tool = ${spec.value}`;
    case "server":
      return Prisma.sql`AND server = ${spec.value}`;
    case "team":
      return Prisma.sql`AND team = ${spec.value}`;
    case "gateway":
      return Prisma.sql`AND gateway_id = ${spec.value}::uuid`;
    default:
      return Prisma.empty;
  }
}

export async function findSubjectSeries(q: Queryable, spec: ChartSpec, from: Date, to: Date): Promise<SeriesPoint[]> {
  const start = new Date(floorMinute(from.getTime()));
  const end = new Date(floorMinute(to.getTime()));
  const byMinute = new Map<number, number | null>();
  if (spec.metric === "flagged") {
    const rows = await queryRows<{ b: Date; c: number }>(q, Prisma.sql`
      SELECT bucket AS b, sum(calls)::float8 AS c FROM rollup_flag_minute
      WHERE bucket >= ${start} AND bucket <= ${end} AND tool = ${spec.value} AND lower(flag) = lower(${spec.flag ?? ""})
      GROUP BY bucket`);
    for (const r of rows) byMinute.set(new Date(r.b).getTime(), r.c);
  } else if (spec.dimension === "user") {
    const rows = await queryRows<{ b: Date; c: number; e: number; s: number }>(q, Prisma.sql`
      SELECT bucket AS b, calls::float8 AS c, errors::float8 AS e, cost_usd::float8 AS s FROM anomaly_user_minute
      WHERE bucket >= ${start} AND bucket <= ${end} AND user_id = ${spec.value}`);
    for (const r of rows) {
      const v = spec.metric === "calls" ? r.c : spec.metric === "cost" ? r.s : r.c ? r.e / r.c : null;
      byMinute.set(new Date(r.b).getTime(), v);
    }
  } else {
    const rows = await queryRows<{ b: Date; c: number; e: number; s: number; l: number[] }>(q, Prisma.sql`
      SELECT bucket AS b, sum(calls)::float8 AS c, sum(errors)::float8 AS e, sum(cost_usd)::float8 AS s,
        ARRAY[${Prisma.join(LAT_COLUMNS.map((c) => Prisma.sql`sum(${c})::float8`))}] AS l
      FROM rollup_minute
      WHERE bucket >= ${start} AND bucket <= ${end} ${filterSql(spec)}
      GROUP BY bucket`);
    for (const r of rows) {
      const v =
        spec.metric === "calls" ? r.c : spec.metric === "cost" ? r.s : spec.metric === "error_rate" ? (r.c ? r.e / r.c : null) : p95Of(r.l.map(Number));
      byMinute.set(new Date(r.b).getTime(), v);
    }
  }
  const zeroWhenEmpty = spec.metric === "calls" || spec.metric === "cost" || spec.metric === "flagged";
  const out: SeriesPoint[] = [];
  for (let t = start.getTime(); t <= end.getTime(); t += MINUTE) {
    const v = byMinute.get(t);
    out.push({ t: new Date(t).toISOString(), v: v === undefined ? (zeroWhenEmpty ? 0 : null) : v });
  }
  return out;
}
