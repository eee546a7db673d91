import { dimensionValue, seriesKey, type Combo, type RollupDimension } from "./dimensions";
import type { BaselineSet } from "./find-seasonal-baselines";
import { effectiveMinutes, floorHour, MINUTE, windowStart, type ComboWindows } from "./find-window-measures";
import { addMeasures, emptyMeasures, type Measures } from "./measures";
import type { UserActivity } from "./track-user-activity";
import type { UserHistory } from "./find-user-history";
import type { WindowMeasures } from "./assess-series";

// Everything one detector run knows, gathered by run-detectors.ts from the query layer, and read by the
// pure rule evaluators. Aggregations per dimension and window are computed on demand and memoized.

/** Statistical windows: sudden changes show in 3 minutes, moderate ones in 15, subtle sustained ones in 60. */
export const SHORT_WINDOW = 3;
export const LONG_WINDOW = 15;
export const SLOW_WINDOW = 60;

export interface DetectorContext {
  now: Date;
  /** Window lengths (minutes) the combos and users were measured over. */
  windows: number[];
  /** Window for "since the last run" rules (tool calls, flags, first use). */
  eventWindow: number;
  combos: ComboWindows[];
  baselines: BaselineSet;
  /** seriesKey → first seen (ms). */
  known: Map<string, number>;
  users: Map<string, UserActivity>;
  userHistory: Map<string, UserHistory>;
  gatewayNames: Map<string, string>;
  /** Open (or acknowledged) alerts by open key → their lastSeenAt. */
  openKeys: Set<string>;
  /** Flag counts in the event window: tool → flag → { calls, gateways }. */
  flags: Map<string, Map<string, { calls: number; gateways: Set<string> }>>;
  /** Gateways with events in the last day (for silence). */
  recentGateways: Set<string>;
  lastRunAt: Date | null;
  memo: Map<string, Map<string, Measures>>;
  /** seriesKey → its short, long and slow windows (shared by the statistical rules of a run). */
  statWindows?: Map<string, WindowMeasures[]>;
}

export function windowIndex(ctx: DetectorContext, minutes: number): number {
  const i = ctx.windows.indexOf(minutes);
  if (i < 0) throw new Error(`window ${minutes} was not measured`);
  return i;
}

/** dimension value → measures over the window (all combos when dimension is "all"). */
export function aggregate(ctx: DetectorContext, dimension: RollupDimension | "all", minutes: number): Map<string, Measures> {
  const memoKey = `${dimension}:${minutes}`;
  const hit = ctx.memo.get(memoKey);
  if (hit) return hit;
  const i = windowIndex(ctx, minutes);
  const out = new Map<string, Measures>();
  for (const c of ctx.combos) {
    const m = c.windows[i];
    if (m.calls === 0) continue;
    const v = dimension === "all" ? "all" : dimensionValue(c, dimension);
    if (v === null) continue;
    let acc = out.get(v);
    if (!acc) out.set(v, (acc = emptyMeasures()));
    addMeasures(acc, m);
  }
  ctx.memo.set(memoKey, out);
  return out;
}

const EMPTY: Measures = Object.freeze({ calls: 0, errors: 0, costUsd: 0, lat: Object.freeze(new Array(12).fill(0)) as number[] });

/** Middle of the trailing window of `minutes` at `now` minus the middle of now's hour, in minutes. */
export function windowOffsetMinutes(now: Date, minutes: number): number {
  const t = now.getTime();
  const middle = (windowStart(now, minutes).getTime() + t) / 2;
  return (middle - (floorHour(t) + 30 * MINUTE)) / MINUTE;
}

export function windowMeasures(ctx: DetectorContext, m: Measures | undefined, minutes: number): WindowMeasures {
  const base = m ?? EMPTY;
  return {
    calls: base.calls,
    errors: base.errors,
    costUsd: base.costUsd,
    lat: base.lat,
    windowMinutes: minutes,
    effectiveMinutes: effectiveMinutes(ctx.now, minutes),
    offsetMinutes: windowOffsetMinutes(ctx.now, minutes),
  };
}

/** The statistical windows (3, 15, 60 min) of one rollup series, computed once per run. */
export function statWindows(ctx: DetectorContext, dimension: RollupDimension, value: string): WindowMeasures[] {
  ctx.statWindows ??= new Map();
  const key = seriesKey(dimension, value);
  let w = ctx.statWindows.get(key);
  if (!w) {
    w = [SHORT_WINDOW, LONG_WINDOW, SLOW_WINDOW].map((minutes) => windowMeasures(ctx, aggregate(ctx, dimension, minutes).get(value), minutes));
    ctx.statWindows.set(key, w);
  }
  return w;
}

/** Broader subjects that contain each tool and server (from the combos active in the long window). */
export function parentsOf(ctx: DetectorContext): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  const i = windowIndex(ctx, LONG_WINDOW);
  const add = (child: string, parent: string | null) => {
    if (parent === null) return;
    let s = out.get(child);
    if (!s) out.set(child, (s = new Set()));
    s.add(parent);
  };
  for (const c of ctx.combos as (Combo & ComboWindows)[]) {
    if (c.windows[i].calls === 0) continue;
    const tool = seriesKey("tool", c.tool);
    const server = seriesKey("server", c.server);
    const team = c.team ? seriesKey("team", c.team) : null;
    const gateway = seriesKey("gateway", c.gatewayId);
    add(tool, server);
    add(tool, team);
    add(tool, gateway);
    add(server, team);
    add(server, gateway);
  }
  return out;
}

export const gatewayLabel = (ctx: DetectorContext, id: string) => ctx.gatewayNames.get(id) ?? id;
