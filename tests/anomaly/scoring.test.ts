import { describe, expect, it } from "vitest";
import { assessCalls, assessErrorRate, DEFAULT_THRESHOLDS, METRICS } from "../../lib/anomaly/assess-series";
import { emptyMeasures } from "../../lib/anomaly/measures";
import { seasonalBaseline } from "../../lib/anomaly/seasonal-baseline";
import { median, scaledMad, trimmedMean } from "../../lib/anomaly/stats";
import { daily, DAY, firingMinutes, generate, scoreAt, WEEK, weekday, type Shape } from "./series-sim";

const MINUTES_PER_WEEK = WEEK / 60_000;
const FIVE_WEEKS = 5 * MINUTES_PER_WEEK;
const LAST_WEEK = 4 * MINUTES_PER_WEEK;

describe("robust statistics", () => {
  it("median, scaled MAD and trimmed mean ignore one outlier", () => {
    const xs = [10, 11, 9, 10, 12, 10, 500];
    expect(median(xs)).toBe(10);
    expect(scaledMad(xs)).toBeCloseTo(1.4826, 4);
    expect(trimmedMean(xs)).toBeCloseTo(10.6, 5);
    expect(trimmedMean([0, 0, 0, 1, 0, 2, 0, 0, 1, 0])).toBeGreaterThan(0);
  });

  it("a baseline of thin hours has no error rate rather than a made-up one", () => {
    const thin = [1, 2, 0].map((calls) => ({ ...emptyMeasures(), calls }));
    expect(seasonalBaseline(thin)?.errorRate).toBeNull();
    expect(seasonalBaseline([])).toBeNull();
  });
});

describe("scoring hand-made series", () => {
  it("a flat series never fires, on any metric, over a whole week", () => {
    const series = generate({ rate: () => 20 }, FIVE_WEEKS, 11);
    for (const metric of METRICS) expect(firingMinutes(series, metric, LAST_WEEK, FIVE_WEEKS), metric).toEqual([]);
  });

  it("a daily and weekly rhythm is expected, not alarming — while a baseline blind to the hour would alarm", () => {
    const shape: Shape = { rate: (t) => 30 * daily(t, 0.8) * weekday(t) };
    const series = generate(shape, FIVE_WEEKS, 12);
    for (const metric of METRICS) expect(firingMinutes(series, metric, LAST_WEEK, FIVE_WEEKS), metric).toEqual([]);

    // The same peak hour judged against the week's average hour looks like a surge.
    const peak = LAST_WEEK + 2 * 24 * 60 + 12 * 60; // Wednesday noon
    const hours = Array.from({ length: 24 * 7 }, (_, h) => {
      const m = emptyMeasures();
      for (let i = 0; i < 60; i++) m.calls += series[3 * MINUTES_PER_WEEK + h * 60 + i].calls;
      return m;
    });
    const blind = seasonalBaseline(hours)!;
    const window = { ...emptyMeasures(), calls: series.slice(peak - 15, peak).reduce((a, m) => a + m.calls, 0), windowMinutes: 15, effectiveMinutes: 15 };
    const blindly = assessCalls(window, blind, DEFAULT_THRESHOLDS);
    expect(blindly.observed / blindly.expected).toBeGreaterThan(DEFAULT_THRESHOLDS.ratio);
    const seasonal = scoreAt(series, peak, "calls")!;
    expect(seasonal.observed / seasonal.expected).toBeLessThan(1.3);
  });

  it("a spike fires within 3 minutes, explains itself with numbers, and stops once its windows have passed", () => {
    const start = LAST_WEEK + 3 * 24 * 60 + 14 * 60; // Thursday 14:00
    const spike = (t: number) => {
      const i = (t - Date.UTC(2031, 0, 6)) / 60_000;
      return i >= start && i < start + 20;
    };
    const series = generate({ rate: (t) => 20 * daily(t, 0.5) * (spike(t) ? 4 : 1), errorRate: (t) => (spike(t) ? 0.3 : 0.02) }, FIVE_WEEKS, 13);
    for (const metric of ["calls", "error_rate"] as const) {
      const fired = firingMinutes(series, metric, LAST_WEEK, FIVE_WEEKS);
      expect(fired.length, metric).toBeGreaterThan(0);
      expect(fired[0] - start, metric).toBeGreaterThanOrEqual(1);
      expect(fired[0] - start, metric).toBeLessThanOrEqual(3);
      expect(fired.every((i) => i > start && i <= start + 20 + 60), metric).toBe(true);
      const after = scoreAt(series, start + 20 + 61, metric)!;
      expect(after.firing || after.holding, metric).toBe(false);
    }
    const during = scoreAt(series, start + 10, "error_rate")!;
    expect(during.explanation).toMatch(/^error rate \d+ % over (3|15) min \([\d,]+ of [\d,]+ calls\) vs usual \d(\.\d)? % ± \d(\.\d)? % for this hour$/);
  });

  it("a slow drift (+1 % a day for five weeks) is followed, not alarmed on", () => {
    const series = generate({ rate: (t) => 20 * daily(t, 0.5) * 1.01 ** ((t - Date.UTC(2031, 0, 6)) / DAY) }, FIVE_WEEKS, 14);
    for (const metric of METRICS) expect(firingMinutes(series, metric, LAST_WEEK, FIVE_WEEKS), metric).toEqual([]);
  });

  it("a sparse, low-volume series does not page for 2 errors out of 3 calls or a handful of calls", () => {
    const series = generate({ rate: () => 0.05, errorRate: () => 0.02 }, FIVE_WEEKS, 15);
    for (const metric of METRICS) expect(firingMinutes(series, metric, LAST_WEEK, FIVE_WEEKS), metric).toEqual([]);
    const i = LAST_WEEK + 3000;
    const burst = [...series];
    burst[i - 1] = { ...emptyMeasures(), calls: 3, errors: 2 };
    burst[i - 2] = { ...emptyMeasures(), calls: 5, errors: 0 };
    expect(scoreAt(burst, i, "error_rate")?.firing ?? false).toBe(false);
    expect(scoreAt(burst, i, "calls")?.firing ?? false).toBe(false);
  });

  it("the error-rate test needs both significance and size", () => {
    const b = { errorRate: 0.02, errorRateSpread: 0.005 };
    const w = (calls: number, errors: number) => ({ ...emptyMeasures(), calls, errors, windowMinutes: 15, effectiveMinutes: 15 });
    expect(assessErrorRate(w(3, 2), b, DEFAULT_THRESHOLDS)!.firing).toBe(false); // too few calls
    expect(assessErrorRate(w(20000, 700), b, DEFAULT_THRESHOLDS)!.firing).toBe(false); // 3.5 %: sure, but small
    expect(assessErrorRate(w(500, 60), b, DEFAULT_THRESHOLDS)!.firing).toBe(true); // 12 %
  });
});
