import { fmtInt, fmtMinutes, fmtNum, fmtUsd } from "./format";
import type { Assessment, Thresholds } from "./assess-series";
import { scaledMad } from "./stats";
import type { UserPeak } from "./track-user-activity";

// Users are judged against their own busiest windows of previous days (pure): agent sessions are bursty,
// so "more calls in 15 minutes than on any usual day" is what a runaway agent or a misused account looks
// like, whatever the hour.

export interface PeakBaseline {
  expected: number;
  sd: number;
  days: number;
}

const MIN_DAYS = 3;

/**
 * A user's usual busiest window: the second-highest of their daily peaks over the last two weeks (the
 * highest with fewer than 5 days) — people's busiest days vary a lot, and one past incident should not
 * make everything look normal for two weeks.
 */
export function userPeakBaseline(history: readonly UserPeak[], field: "c3" | "c15" | "s3" | "s15"): PeakBaseline | null {
  const values = history.slice(0, 14).map((p) => p[field]);
  if (values.length < MIN_DAYS) return null;
  const sorted = [...values].sort((a, b) => b - a);
  const expected = values.length >= 5 ? sorted[1] : sorted[0];
  const money = field.startsWith("s");
  const sd = Math.max(scaledMad(values), 0.25 * expected, money ? 0.01 : Math.sqrt(expected), money ? 0.01 : 1);
  return { expected, sd, days: values.length };
}

/** How many times a user's usual busiest window counts as unusual. */
const USER_RATIO = 2;
/**
 * Fewest calls in the window for a user alert (a handful of calls is nobody's incident). With the ratio
 * this also bounds the excess: at least half of them are more than the user's busiest usual window.
 */
const USER_MIN_CALLS = 30;

export function assessUserCalls(observed: number, base: PeakBaseline, t: Thresholds, windowMinutes: number): Assessment {
  const z = (observed - base.expected) / base.sd;
  return {
    metric: "calls",
    direction: "up",
    firing: z >= t.z && observed >= USER_RATIO * base.expected && observed >= USER_MIN_CALLS,
    holding: z >= t.z / 2 && observed >= 1.5 * base.expected && observed >= t.minCalls / 2,
    z,
    observed,
    expected: base.expected,
    sd: base.sd,
    excess: observed - base.expected,
    windowMinutes,
    get explanation() {
      return `${fmtInt(observed)} calls over ${fmtMinutes(windowMinutes)} vs at most ${fmtNum(base.expected)} ± ${fmtNum(base.sd)} in ${fmtMinutes(windowMinutes)} on a usual day (last ${base.days} active days)`;
    },
  };
}

export function assessUserCost(observed: number, base: PeakBaseline, t: Thresholds, windowMinutes: number): Assessment {
  const z = (observed - base.expected) / base.sd;
  return {
    metric: "cost",
    direction: "up",
    firing: z >= t.z && observed >= USER_RATIO * base.expected && observed - base.expected >= t.minExcessUsd,
    holding: z >= t.z / 2 && observed >= 1.5 * base.expected && observed - base.expected >= t.minExcessUsd / 2,
    z,
    observed,
    expected: base.expected,
    sd: base.sd,
    excess: observed - base.expected,
    windowMinutes,
    get explanation() {
      return `${fmtUsd(observed)} spent over ${fmtMinutes(windowMinutes)} vs at most ${fmtUsd(base.expected)} ± ${fmtUsd(base.sd)} in ${fmtMinutes(windowMinutes)} on a usual day (last ${base.days} active days)`;
    },
  };
}
