import { fmtInt, fmtMinutes, fmtNum, fmtUsd } from "./format";
import type { Assessment, Thresholds } from "./assess-series";
import { median, scaledMad } from "./stats";
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

export function userPeakBaseline(history: readonly UserPeak[], field: "c3" | "c15" | "s3" | "s15"): PeakBaseline | null {
  const values = history.slice(0, 14).map((p) => p[field]);
  if (values.length < MIN_DAYS) return null;
  const expected = median(values);
  const money = field.startsWith("s");
  const sd = Math.max(scaledMad(values), 0.25 * expected, money ? 0.01 : Math.sqrt(expected), money ? 0.01 : 1);
  return { expected, sd, days: values.length };
}

export function assessUserCalls(observed: number, base: PeakBaseline, t: Thresholds, windowMinutes: number): Assessment {
  const z = (observed - base.expected) / base.sd;
  return {
    metric: "calls",
    direction: "up",
    firing: z >= t.z && observed >= 3 * base.expected && observed >= Math.max(t.minCalls, 30) && observed - base.expected >= 20,
    holding: z >= t.z / 2 && observed >= 1.5 * base.expected && observed >= t.minCalls / 2,
    z,
    observed,
    expected: base.expected,
    sd: base.sd,
    excess: observed - base.expected,
    windowMinutes,
    explanation: `${fmtInt(observed)} calls over ${fmtMinutes(windowMinutes)} vs a usual busiest ${fmtMinutes(windowMinutes)} of ${fmtNum(base.expected)} ± ${fmtNum(base.sd)} (last ${base.days} active days)`,
  };
}

export function assessUserCost(observed: number, base: PeakBaseline, t: Thresholds, windowMinutes: number): Assessment {
  const z = (observed - base.expected) / base.sd;
  return {
    metric: "cost",
    direction: "up",
    firing: z >= t.z && observed >= 3 * base.expected && observed - base.expected >= t.minExcessUsd,
    holding: z >= t.z / 2 && observed >= 1.5 * base.expected && observed - base.expected >= t.minExcessUsd / 2,
    z,
    observed,
    expected: base.expected,
    sd: base.sd,
    excess: observed - base.expected,
    windowMinutes,
    explanation: `${fmtUsd(observed)} spent over ${fmtMinutes(windowMinutes)} vs a usual busiest ${fmtMinutes(windowMinutes)} of ${fmtUsd(base.expected)} ± ${fmtUsd(base.sd)} (last ${base.days} active days)`,
  };
}
