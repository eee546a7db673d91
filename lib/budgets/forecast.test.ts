import { describe, expect, it } from "vitest";
import { computeBudgetUsage, crossedThresholds, toDailySpendRows } from "./forecast";

const DAY = 86_400_000;
const start = new Date("2026-11-01T00:00:00Z");
const end = new Date("2026-12-01T00:00:00Z"); // 30 days

describe("budget usage and forecast", () => {
  it("burn rate is the period-to-date average, and the forecast extends it to the end of the period", () => {
    const u = computeBudgetUsage({ limitUsd: 300, spentUsd: 100, reservedUsd: 0, mode: "hard", periodStart: start, periodEnd: end, now: new Date(start.getTime() + 10 * DAY) });
    expect(u.burnRatePerDayUsd).toBeCloseTo(10);
    expect(u.forecastUsd).toBeCloseTo(300);
    expect(u.forecastExceeds).toBe(false);
    expect(u.runOutAt).toBeNull();
    expect(u.usedPercent).toBeCloseTo(33.33, 1);
    expect(u.blocking).toBe(false);
  });

  it("gives the run-out date when the forecast passes the limit", () => {
    const u = computeBudgetUsage({ limitUsd: 200, spentUsd: 100, reservedUsd: 20, mode: "hard", periodStart: start, periodEnd: end, now: new Date(start.getTime() + 10 * DAY) });
    expect(u.forecastExceeds).toBe(true);
    // 80 left at 10/day → 8 days from now.
    expect(u.runOutAt?.toISOString()).toBe(new Date(start.getTime() + 18 * DAY).toISOString());
    expect(u.remainingUsd).toBeCloseTo(80);
  });

  it("a hard budget with nothing left is blocking; a soft one never is", () => {
    const at = new Date(start.getTime() + DAY);
    const hard = computeBudgetUsage({ limitUsd: 50, spentUsd: 40, reservedUsd: 10, mode: "hard", periodStart: start, periodEnd: end, now: at });
    expect(hard.blocking).toBe(true);
    expect(hard.runOutAt?.getTime()).toBe(at.getTime());
    const soft = computeBudgetUsage({ limitUsd: 50, spentUsd: 70, reservedUsd: 0, mode: "soft", periodStart: start, periodEnd: end, now: at });
    expect(soft.blocking).toBe(false);
    expect(soft.usedPercent).toBeCloseTo(140);
  });

  it("does not extrapolate a fortune from the first minutes of a period", () => {
    const u = computeBudgetUsage({ limitUsd: 1000, spentUsd: 1, reservedUsd: 0, mode: "hard", periodStart: start, periodEnd: end, now: new Date(start.getTime() + 60_000) });
    expect(u.burnRatePerDayUsd).toBeCloseTo(24);
  });

  it("nothing spent means no burn and no run-out", () => {
    const u = computeBudgetUsage({ limitUsd: 10, spentUsd: 0, reservedUsd: 0, mode: "hard", periodStart: start, periodEnd: end, now: new Date(start.getTime() + 5 * DAY) });
    expect(u.burnRatePerDayUsd).toBe(0);
    expect(u.forecastUsd).toBe(0);
    expect(u.runOutAt).toBeNull();
  });

  it("daily rows fill missing days with zero and keep a running total", () => {
    const rows = toDailySpendRows(["2026-11-01", "2026-11-02", "2026-11-03"], new Map([["2026-11-01", 2], ["2026-11-03", 3.5]]));
    expect(rows).toEqual([
      { day: "2026-11-01", spendUsd: 2, cumulativeUsd: 2 },
      { day: "2026-11-02", spendUsd: 0, cumulativeUsd: 2 },
      { day: "2026-11-03", spendUsd: 3.5, cumulativeUsd: 5.5 },
    ]);
  });

  it("days still to come have no values (the running total stops today)", () => {
    const rows = toDailySpendRows(["2026-11-01", "2026-11-02", "2026-11-03"], new Map([["2026-11-01", 2]]), "2026-11-02");
    expect(rows.map((r) => r.cumulativeUsd)).toEqual([2, 2, null]);
    expect(rows[2].spendUsd).toBeNull();
  });

  it("crossed thresholds are the ones reached and not alerted yet", () => {
    expect(crossedThresholds([50, 80, 100], [], 79.99, 100)).toEqual([50]);
    expect(crossedThresholds([50, 80, 100], [50], 80, 100)).toEqual([80]);
    expect(crossedThresholds([100, 50, 80], [80], 120, 100)).toEqual([50, 100]);
  });
});
