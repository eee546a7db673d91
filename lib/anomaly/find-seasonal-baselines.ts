import "server-only";
import { Prisma } from "../generated/prisma/client";
import { seriesKey, type RollupDimension } from "./dimensions";
import { floorHour, LAT_COLUMNS } from "./find-window-measures";
import { emptyMeasures, type Measures } from "./measures";
import { seasonalBaseline, withDispersion, type HourSample, type SeriesBaseline } from "./seasonal-baseline";
import type { SeriesDispersion } from "./series-dispersion";
import { rows as queryRows, type Queryable } from "./sql";

// Baselines of every rollup series for the current hour of the week: hourly rollup samples of the same
// hour (± 3 h: ± 1 h for the level, all of them for the variability) in each of the last WEEKS weeks,
// restricted to the hours the series already existed. One grouped query per hour (cached for the hour):
// the per-minute runs only read the minute rollup. The run also folds the new hour-slots of these
// samples into the series' pooled dispersions (update-series-dispersions.ts), which then replace the
// noisier estimate of the samples alone.

export const BASELINE_WEEKS = 4;
/** Hours either side of the hour sampled (for the variability; the level uses ± 1). */
export const SAMPLE_SPAN_HOURS = 3;
const HOUR = 3_600_000;
const WEEK = 7 * 24 * HOUR;

/** The sample hours for `now`: H − k weeks + j hours, k = 1…WEEKS, j = −SPAN…SPAN. */
export function sampleHours(now: Date, weeks = BASELINE_WEEKS): number[] {
  const h = floorHour(now.getTime());
  const out: number[] = [];
  for (let k = 1; k <= weeks; k++) for (let j = -SAMPLE_SPAN_HOURS; j <= SAMPLE_SPAN_HOURS; j++) out.push(h - k * WEEK + j * HOUR);
  return out;
}

/**
 * The baseline of one series for the hour starting at `hourMs` from its hourly samples; only hours after
 * it was first seen count, and at least three of the hour and its neighbours.
 */
export function baselineFromSamples(
  byHour: Map<number, Measures> | undefined,
  hours: readonly number[],
  firstSeenMs: number | undefined,
  hourMs: number,
): SeriesBaseline | null {
  if (firstSeenMs === undefined) return null;
  const firstFullHour = floorHour(firstSeenMs) + HOUR;
  const samples: HourSample[] = [];
  for (const h of hours) {
    if (h < firstFullHour) continue;
    const week = Math.round((hourMs - h) / WEEK);
    const offset = Math.round((h - (hourMs - week * WEEK)) / HOUR);
    samples.push({ ...(byHour?.get(h) ?? emptyMeasures()), offset, week });
  }
  if (samples.filter((s) => Math.abs(s.offset!) <= 1).length < 3) return null;
  return seasonalBaseline(samples);
}

export interface BaselineSet {
  hourMs: number;
  hours: number[];
  /** seriesKey → hour → measures, for every series with traffic in a sample hour. */
  samples: Map<string, Map<number, Measures>>;
  /** seriesKey → its dispersion over the last days (series-dispersion.ts; replaces the samples' own when well founded). */
  dispersions?: Map<string, SeriesDispersion>;
  computed: Map<string, SeriesBaseline | null>;
}

async function loadSamples(q: Queryable, hours: number[]): Promise<Map<string, Map<number, Measures>>> {
  const rows = await queryRows<{ b: Date; d: RollupDimension; v: string; x: number[] }>(q, Prisma.sql`
    SELECT bucket AS b,
      CASE WHEN GROUPING(tool) = 0 THEN 'tool' WHEN GROUPING(server) = 0 THEN 'server' WHEN GROUPING(team) = 0 THEN 'team' ELSE 'gateway' END AS d,
      CASE WHEN GROUPING(tool) = 0 THEN tool WHEN GROUPING(server) = 0 THEN server WHEN GROUPING(team) = 0 THEN team ELSE gateway_id::text END AS v,
      ARRAY[sum(calls)::float8, sum(errors)::float8, sum(cost_usd)::float8, ${Prisma.join(LAT_COLUMNS.map((c) => Prisma.sql`sum(${c})::float8`))}] AS x
    FROM rollup_hour
    WHERE bucket IN (${Prisma.join(hours.map((h) => new Date(h)))})
    GROUP BY GROUPING SETS ((bucket, tool), (bucket, server), (bucket, team), (bucket, gateway_id))`);
  const out = new Map<string, Map<number, Measures>>();
  for (const r of rows) {
    if (r.d === "team" && r.v === "") continue;
    const key = seriesKey(r.d, r.v);
    let byHour = out.get(key);
    if (!byHour) out.set(key, (byHour = new Map()));
    const x = r.x.map(Number);
    byHour.set(new Date(r.b).getTime(), { calls: x[0], errors: x[1], costUsd: x[2], lat: x.slice(3) });
  }
  return out;
}

const g = globalThis as unknown as { __wardenBaselines?: BaselineSet };

/** The baselines for the hour of `now` (loaded once per hour and process). */
export async function findSeasonalBaselines(q: Queryable, now: Date): Promise<BaselineSet> {
  const hourMs = floorHour(now.getTime());
  const cached = g.__wardenBaselines;
  if (cached && cached.hourMs === hourMs) return cached;
  const hours = sampleHours(now);
  const set: BaselineSet = { hourMs, hours, samples: await loadSamples(q, hours), computed: new Map() };
  g.__wardenBaselines = set;
  return set;
}

export function baselineOf(set: BaselineSet, key: string, firstSeenMs: number | undefined): SeriesBaseline | null {
  if (set.computed.has(key)) return set.computed.get(key)!;
  const local = baselineFromSamples(set.samples.get(key), set.hours, firstSeenMs, set.hourMs);
  const b = local && withDispersion(local, set.dispersions?.get(key));
  set.computed.set(key, b);
  return b;
}

/** Forget cached baselines (tests and the evaluation rewrite history under the same clock). */
export function clearBaselineCache(): void {
  g.__wardenBaselines = undefined;
}
