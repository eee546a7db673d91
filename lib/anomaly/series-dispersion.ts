import { seriesKey, splitSeriesKey } from "./dimensions";
import { floorHour } from "./find-window-measures";
import type { Measures } from "./measures";
import { dispersionPart } from "./stats";

// How clustered each rollup series' traffic is (pure): variance ÷ mean of its hourly calls and spend
// (1 for calls is Poisson; agents calling in sessions make a team's hour vary ~20× more than that).
// Each hour-slot is compared across weeks (the same hour 1–4 weeks back, so neither the day's rhythm nor
// the weekday counts as variance), and the slots are pooled: a quiet hour holds too few sessions to say
// on its own, and how a series clusters depends little on the hour. The pool is a running sum that
// forgets with a memory of about three days of slots: every hour the detector loads the samples of its
// baselines (± 3 h around the hour, see find-seasonal-baselines.ts), and the slot that entered them is
// added. A slot whose weeks disagree far more than the series ever does (a past incident) is capped, so
// one incident does not hide the next for weeks.

/** Per series: [calls Σ squared deviations, calls Σ degrees of freedom × mean, the same two for spend, slots]. */
export type DispersionSums = [number, number, number, number, number];

export interface DispersionState {
  /** Start of the latest hour-slot added (ms), null before the first. */
  slotMs: number | null;
  series: Record<string, DispersionSums>;
}

export interface SeriesDispersion {
  /** Variance ÷ mean of an hour's calls; null without any slot with calls in two weeks. */
  calls: number | null;
  /** The same for the hour's spend (USD). */
  cost: number | null;
  /** Slots behind it (weighted by how recent they are). */
  slots: number;
}

/** Slots the running sums remember (their weight halves in about half as many). */
export const DISPERSION_MEMORY_SLOTS = 72;
const DECAY = 1 - 1 / DISPERSION_MEMORY_SLOTS;
/** A slot's dispersion is capped at this many times the series' own once it has a few slots. */
const OUTLIER = 8;
const MIN_SLOTS_FOR_CAP = 6;
const WEIGHT_CAP = 3;
/** Series whose weight decayed below this (two weeks without traffic in a sampled hour) are forgotten. */
const FORGET_BELOW = 0.01;

const HOUR = 3_600_000;
const WEEK = 7 * 24 * HOUR;

export const emptyDispersionState = (): DispersionState => ({ slotMs: null, series: {} });

/**
 * A slot's part, once the series has a few: its weight at most WEIGHT_CAP times an average slot's (an
 * incident inflates the mean too), its dispersion at most OUTLIER times the series'.
 */
function capped(part: [number, number] | null, ss: number, df: number, slots: number): [number, number] | null {
  if (!part || slots < MIN_SLOTS_FOR_CAP || !(df > 0)) return part;
  const weight = Math.min(part[1], (WEIGHT_CAP * df) / slots);
  return [Math.min(part[0], OUTLIER * (ss / df) * weight), weight];
}

/**
 * Adds the hour-slots of a baseline sample grid not added yet: slot hourMs + j hours, its values the
 * sampled hours hourMs + j hours − k weeks (missing hours had no traffic, if the series existed then).
 */
export function foldDispersionSlots(
  state: DispersionState,
  opts: { hourMs: number; hours: readonly number[]; samples: Map<string, Map<number, Measures>>; known: Map<string, number> },
): DispersionState {
  const sampled = new Set(opts.hours);
  // A sample hour h, k weeks back, belongs to the slot h + k weeks.
  const slotStarts = [...new Set(opts.hours.map((h) => h + Math.round((opts.hourMs - h) / WEEK) * WEEK))].sort((a, b) => a - b);
  const fresh = slotStarts.filter((t) => state.slotMs === null || t > state.slotMs);
  if (!fresh.length) return state;
  const series: Record<string, DispersionSums> = { ...state.series };
  for (const slot of fresh) {
    for (const [key, sums] of Object.entries(series)) {
      const next = sums.map((v) => v * DECAY) as DispersionSums;
      if (next[4] < FORGET_BELOW) delete series[key];
      else series[key] = next;
    }
    for (const [key, byHour] of opts.samples) {
      const firstSeen = opts.known.get(key);
      if (firstSeen === undefined) continue;
      const firstFull = floorHour(firstSeen) + HOUR;
      const calls: number[] = [];
      const cost: number[] = [];
      for (let k = 1; ; k++) {
        const h = slot - k * WEEK;
        if (!sampled.has(h)) break;
        if (h < firstFull) continue;
        const m = byHour.get(h);
        calls.push(m?.calls ?? 0);
        cost.push(m?.costUsd ?? 0);
      }
      const sums = series[key] ?? [0, 0, 0, 0, 0];
      const c = capped(dispersionPart(calls), sums[0], sums[1], sums[4]);
      const s = capped(dispersionPart(cost), sums[2], sums[3], sums[4]);
      if (!c && !s) continue;
      series[key] = [sums[0] + (c?.[0] ?? 0), sums[1] + (c?.[1] ?? 0), sums[2] + (s?.[0] ?? 0), sums[3] + (s?.[1] ?? 0), sums[4] + 1];
    }
  }
  return { slotMs: fresh[fresh.length - 1], series };
}

export function dispersionsOf(state: DispersionState): Map<string, SeriesDispersion> {
  const out = new Map<string, SeriesDispersion>();
  for (const [key, [ssc, dfc, sss, dfs, slots]] of Object.entries(state.series)) {
    out.set(key, { calls: dfc > 0 ? ssc / dfc : null, cost: dfs > 0 ? sss / dfs : null, slots });
  }
  return out;
}

/** The state as stored (JSON without the NUL of series keys): [dimension, value, ...sums] per series. */
export interface StoredDispersionState {
  slotMs: number | null;
  series: [string, string, ...DispersionSums][];
}

export function storedDispersionState(state: DispersionState): StoredDispersionState {
  return {
    slotMs: state.slotMs,
    series: Object.entries(state.series).map(([key, sums]) => {
      const { dimension, value } = splitSeriesKey(key);
      return [dimension, value, ...sums.map((v) => Math.round(v * 1e6) / 1e6)] as [string, string, ...DispersionSums];
    }),
  };
}

export function dispersionStateFrom(stored: StoredDispersionState | null | undefined): DispersionState {
  if (!stored || !Array.isArray(stored.series)) return emptyDispersionState();
  const series: Record<string, DispersionSums> = {};
  for (const [dimension, value, ...sums] of stored.series) series[seriesKey(dimension as Parameters<typeof seriesKey>[0], value)] = sums as DispersionSums;
  return { slotMs: stored.slotMs ?? null, series };
}
