import "server-only";
import { Prisma } from "../generated/prisma/client";
import type { Combo } from "./dimensions";
import type { Measures } from "./measures";
import { rows as queryRows, type Queryable } from "./sql";

// The query layer's "now": what every active rollup_minute row key (gateway × server × tool × team) did
// in each of the requested trailing windows. One index range scan over the longest window; the work is
// proportional to the number of active series, not to the number of events.

export interface ComboWindows extends Combo {
  /** Aligned with the requested windows. */
  windows: Measures[];
}

export const MINUTE = 60_000;
export const floorMinute = (t: number) => Math.floor(t / MINUTE) * MINUTE;
export const floorHour = (t: number) => Math.floor(t / 3_600_000) * 3_600_000;

/**
 * First bucket of a trailing window of `minutes`: that many whole minutes plus the current, partial one —
 * so a run at 12:00:05 still sees 11:59 whole (a one-minute rule must not miss the minute that just ended).
 */
export const windowStart = (now: Date, minutes: number) => new Date(floorMinute(now.getTime()) - minutes * MINUTE);

/** Minutes of data a trailing window really covers at `now`. */
export const effectiveMinutes = (now: Date, minutes: number) => minutes + (now.getTime() - floorMinute(now.getTime())) / MINUTE;

// Fixed identifiers (lat_0 … lat_11), written out rather than built from strings.
export const LAT_COLUMNS = [
  Prisma.sql`lat_0`, Prisma.sql`lat_1`, Prisma.sql`lat_2`, Prisma.sql`lat_3`, Prisma.sql`lat_4`, Prisma.sql`lat_5`,
  Prisma.sql`lat_6`, Prisma.sql`lat_7`, Prisma.sql`lat_8`, Prisma.sql`lat_9`, Prisma.sql`lat_10`, Prisma.sql`lat_11`,
];
const LAT_N = LAT_COLUMNS.length;

/** `latencyWindows`: the windows whose latency histogram is needed (default all); others report zeros. */
export async function findWindowMeasures(q: Queryable, opts: { now: Date; windows: readonly number[]; latencyWindows?: readonly number[] }): Promise<ComboWindows[]> {
  const { now, windows } = opts;
  const withLatency = windows.filter((w) => !opts.latencyWindows || opts.latencyWindows.includes(w));
  const longest = Math.max(...windows);
  const current = new Date(floorMinute(now.getTime()));
  const filter = (w: number) => Prisma.sql`FILTER (WHERE bucket >= ${windowStart(now, w)})`;
  const cols = windows.map((w) => Prisma.sql`coalesce(sum(calls) ${filter(w)}, 0)::float8, coalesce(sum(errors) ${filter(w)}, 0)::float8, coalesce(sum(cost_usd) ${filter(w)}, 0)::float8`);
  const latCols = withLatency.map((w) => Prisma.join(LAT_COLUMNS.map((c) => Prisma.sql`coalesce(sum(${c}) ${filter(w)}, 0)::float8`)));
  const rows = await queryRows<{ g: string; s: string; t: string; m: string; v: number[]; l: number[] }>(q, Prisma.sql`
    SELECT gateway_id::text AS g, server AS s, tool AS t, team AS m, ARRAY[${Prisma.join(cols)}] AS v,
      ${latCols.length ? Prisma.sql`ARRAY[${Prisma.join(latCols)}]` : Prisma.sql`ARRAY[]::float8[]`} AS l
    FROM rollup_minute
    WHERE bucket >= ${windowStart(now, longest)} AND bucket <= ${current}
    GROUP BY gateway_id, server, tool, team`);
  return rows.map((r) => ({
    gatewayId: r.g,
    server: r.s,
    tool: r.t,
    team: r.m,
    windows: windows.map((w, i) => {
      const li = withLatency.indexOf(w);
      const lat = li >= 0 ? r.l.slice(li * LAT_N, (li + 1) * LAT_N).map(Number) : new Array(LAT_N).fill(0);
      return { calls: Number(r.v[i * 3]), errors: Number(r.v[i * 3 + 1]), costUsd: Number(r.v[i * 3 + 2]), lat };
    }),
  }));
}
