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

/**
 * Each row is summed once, into the band of the shortest window that contains it (the bands nest: the
 * 15-minute window is the 3-minute band plus the next one…); windows are cumulative sums of bands. One
 * aggregation per row instead of one per row and window.
 */
export async function findWindowMeasures(q: Queryable, opts: { now: Date; windows: readonly number[] }): Promise<ComboWindows[]> {
  const { now } = opts;
  const windows = [...opts.windows];
  const sorted = [...new Set(windows)].sort((a, b) => a - b);
  const longest = sorted[sorted.length - 1];
  const current = new Date(floorMinute(now.getTime()));
  const band = Prisma.sql`CASE ${Prisma.join(
    sorted.map((w, i) => Prisma.sql`WHEN bucket >= ${windowStart(now, w)} THEN ${i}`),
    " ",
  )} END`;
  const rows = await queryRows<{ g: string; s: string; t: string; m: string; b: number; v: number[] }>(
    q,
    Prisma.sql`
    SELECT gateway_id::text AS g, server AS s, tool AS t, team AS m, ${band}::int AS b,
      ARRAY[sum(calls)::float8, sum(errors)::float8, sum(cost_usd)::float8, ${Prisma.join(LAT_COLUMNS.map((c) => Prisma.sql`sum(${c})::float8`))}] AS v
    FROM rollup_minute
    WHERE bucket >= ${windowStart(now, longest)} AND bucket <= ${current}
    GROUP BY gateway_id, server, tool, team, b`,
  );
  const byCombo = new Map<string, { combo: ComboWindows; bands: number[][] }>();
  for (const r of rows) {
    const key = `${r.g}\u0000${r.s}\u0000${r.t}\u0000${r.m}`;
    let entry = byCombo.get(key);
    if (!entry) byCombo.set(key, (entry = { combo: { gatewayId: r.g, server: r.s, tool: r.t, team: r.m, windows: [] }, bands: [] }));
    entry.bands[r.b] = r.v.map(Number);
  }
  const out: ComboWindows[] = [];
  for (const { combo, bands } of byCombo.values()) {
    const cumulative: Measures[] = [];
    let acc = new Array(3 + LAT_N).fill(0);
    for (let i = 0; i < sorted.length; i++) {
      const b = bands[i];
      if (b) acc = acc.map((x, j) => x + b[j]);
      cumulative.push({ calls: acc[0], errors: acc[1], costUsd: acc[2], lat: acc.slice(3) });
    }
    combo.windows = windows.map((w) => cumulative[sorted.indexOf(w)]);
    out.push(combo);
  }
  return out;
}
