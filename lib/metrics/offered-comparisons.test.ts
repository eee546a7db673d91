import { describe, expect, it } from "vitest";
import { offeredComparisons } from "./offered-comparisons";
import { resolveWindow, type WindowRequest } from "./time-window";

// Half past an hour: a preset's first bucket starts before its nominal start (the hour is floored).
const NOW = new Date("2026-12-06T16:31:00.000Z");
const offers = (req: WindowRequest, ...more: WindowRequest[]) => offeredComparisons({ windows: [req, ...more].map((r) => resolveWindow(r, NOW)) });

describe("offeredComparisons", () => {
  it("offers both the previous period and the same time last week for windows of up to a day", () => {
    for (const range of ["15m", "1h", "24h"] as const) {
      expect(offers({ range }), range).toEqual({ previous: { offered: true }, week: { offered: true } });
    }
  });

  it("does not offer the same time last week for 30 days, where it would overlap the window, and says why", () => {
    const o = offers({ range: "30d" });
    expect(o.previous).toEqual({ offered: true });
    expect(o.week.offered).toBe(false);
    expect(o.week.offered === false && o.week.reason).toMatch(/up to 7 days.*previous period instead/);
  });

  it("does not offer it for the last 7 days either: one partial bucket longer than 7 days, its first bucket would be compared with itself", () => {
    expect(offers({ range: "7d" }).week.offered).toBe(false);
  });

  it("offers it for a fixed window of exactly 7 days (this week against last week) and not for one a minute longer", () => {
    expect(offers({ range: "custom", from: "2026-11-30T00:00:00.000Z", to: "2026-12-07T00:00:00.000Z" }).week).toEqual({ offered: true });
    expect(offers({ range: "custom", from: "2026-11-29T23:59:00.000Z", to: "2026-12-07T00:00:00.000Z" }).week.offered).toBe(false);
  });

  it("offers a period only when every window of the page allows it (a user filter puts some charts on whole UTC days)", () => {
    const weekFromNewYorkMidnight = { range: "custom" as const, from: "2026-11-30T05:00:00.000Z", to: "2026-12-07T05:00:00.000Z" };
    expect(offers(weekFromNewYorkMidnight).week.offered).toBe(true);
    expect(offers(weekFromNewYorkMidnight, { ...weekFromNewYorkMidnight, byUser: true }).week.offered).toBe(false);
    expect(offers({ range: "24h" }, { range: "24h", byUser: true }).week.offered).toBe(true);
  });
});
