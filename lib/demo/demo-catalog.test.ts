import { describe, expect, it } from "vitest";
import { LIVE_FLOOR, liveRhythm, orgCallsPerHour } from "./demo-catalog";

describe("liveRhythm", () => {
  const peak = orgCallsPerHour(new Date(Date.UTC(2026, 0, 1, 14)));

  it("follows the seeded rhythm in office hours", () => {
    const tuesdayAfternoon = new Date(Date.UTC(2026, 11, 8, 15));
    expect(liveRhythm(tuesdayAfternoon)).toBeCloseTo(orgCallsPerHour(tuesdayAfternoon) / peak, 10);
    expect(liveRhythm(tuesdayAfternoon)).toBeGreaterThan(0.5);
  });

  it("never falls to nothing: a Sunday night still gets the floor", () => {
    const sundayNight = new Date(Date.UTC(2026, 11, 6, 3));
    expect(orgCallsPerHour(sundayNight) / peak).toBeLessThan(0.05); // what the seeded rhythm alone gives
    expect(liveRhythm(sundayNight)).toBe(LIVE_FLOOR);
  });

  it("is at least the floor at every minute of a week", () => {
    const monday = Date.UTC(2026, 11, 7);
    for (let m = 0; m < 7 * 24 * 60; m += 7) expect(liveRhythm(new Date(monday + m * 60_000))).toBeGreaterThanOrEqual(LIVE_FLOOR);
  });
});
