import { describe, expect, it } from "vitest";
import { toDailySpendRows } from "./forecast";
import { toBudgetChartRows } from "./forecast-chart";

const days = (n: number) => Array.from({ length: n }, (_, i) => `2026-12-${String(i + 1).padStart(2, "0")}`);

describe("toBudgetChartRows", () => {
  it("draws the forecast from today's running total to the end-of-period forecast, nothing before today", () => {
    const rows = toDailySpendRows(days(5), new Map([["2026-12-01", 2], ["2026-12-02", 2], ["2026-12-03", 2]]), "2026-12-03");
    const chart = toBudgetChartRows({ rows, limitUsd: 20, forecastUsd: 10, cumulative: true });
    expect(chart.rows.map((r) => r.projectedUsd)).toEqual([null, null, 6, 8, 10]);
    expect(chart.clipped).toBe(false);
    expect(chart.top).toBeCloseTo(22);
  });

  it("projects a daily budget's forecast onto today only", () => {
    const rows = toDailySpendRows(days(3), new Map([["2026-12-03", 1]]), "2026-12-03");
    const chart = toBudgetChartRows({ rows, limitUsd: 5, forecastUsd: 4, cumulative: false });
    expect(chart.rows.map((r) => r.projectedUsd)).toEqual([null, null, 4]);
  });

  it("clips one outlier day so the limit line stays readable, and keeps its real value", () => {
    const rows = toDailySpendRows(days(5), new Map([["2026-12-01", 2], ["2026-12-02", 3], ["2026-12-03", 250], ["2026-12-04", 4], ["2026-12-05", 3]]));
    const chart = toBudgetChartRows({ rows, limitUsd: 10, forecastUsd: 3, cumulative: false });
    expect(chart.top).toBeCloseTo(11);
    expect(chart.clipped).toBe(true);
    const outlier = chart.rows[2];
    expect(outlier.spendShown).toBeCloseTo(11);
    expect(outlier.spendClipped).toBe(250);
    expect(chart.rows.filter((r) => r.spendClipped !== null)).toHaveLength(1);
  });

  it("does not clip when the values are merely above the limit (an overspent budget is shown as it is)", () => {
    const rows = toDailySpendRows(days(4), new Map([["2026-12-01", 8], ["2026-12-02", 9], ["2026-12-03", 12], ["2026-12-04", 11]]));
    const chart = toBudgetChartRows({ rows, limitUsd: 10, forecastUsd: 11, cumulative: false });
    expect(chart.clipped).toBe(false);
    expect(chart.top).toBeCloseTo(13.2);
  });
});
