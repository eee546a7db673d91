import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { isoWeekday, localDate, localDaysBetween, periodBounds, startOfLocalDay, type PeriodKind } from "./period";

const iso = (kind: PeriodKind, at: string, tz: string) => {
  const b = periodBounds(kind, new Date(at), tz);
  return [b.start.toISOString(), b.end.toISOString()];
};

describe("budget periods (calendar periods in the configured time zone)", () => {
  it("a day runs from local midnight to the next local midnight", () => {
    expect(iso("day", "2026-06-15T12:34:56Z", "UTC")).toEqual(["2026-06-15T00:00:00.000Z", "2026-06-16T00:00:00.000Z"]);
    expect(iso("day", "2026-06-15T23:30:00Z", "Europe/Berlin")).toEqual(["2026-06-15T22:00:00.000Z", "2026-06-16T22:00:00.000Z"]);
    expect(iso("day", "2026-06-15T02:00:00Z", "America/New_York")).toEqual(["2026-06-14T04:00:00.000Z", "2026-06-15T04:00:00.000Z"]);
  });

  it("weeks start on Monday", () => {
    // 2026-11-22 is a Sunday, 2026-11-23 a Monday.
    expect(iso("week", "2026-11-22T23:59:59Z", "UTC")).toEqual(["2026-11-16T00:00:00.000Z", "2026-11-23T00:00:00.000Z"]);
    expect(iso("week", "2026-11-23T00:00:00Z", "UTC")).toEqual(["2026-11-23T00:00:00.000Z", "2026-11-30T00:00:00.000Z"]);
    expect(isoWeekday({ year: 2026, month: 11, day: 22 })).toBe(7);
  });

  it("months run from the 1st, across year ends and in zones ahead of UTC", () => {
    expect(iso("month", "2026-12-31T23:30:00Z", "UTC")).toEqual(["2026-12-01T00:00:00.000Z", "2027-01-01T00:00:00.000Z"]);
    expect(iso("month", "2026-12-31T23:30:00Z", "Asia/Tokyo")).toEqual(["2026-12-31T15:00:00.000Z", "2027-01-31T15:00:00.000Z"]);
    expect(iso("month", "2028-02-10T00:00:00Z", "UTC")).toEqual(["2028-02-01T00:00:00.000Z", "2028-03-01T00:00:00.000Z"]);
  });

  it("daylight-saving days are 23 or 25 hours long", () => {
    const spring = periodBounds("day", new Date("2026-03-29T12:00:00Z"), "Europe/Berlin");
    expect((spring.end.getTime() - spring.start.getTime()) / 3_600_000).toBe(23);
    const autumn = periodBounds("day", new Date("2026-10-25T12:00:00Z"), "Europe/Berlin");
    expect((autumn.end.getTime() - autumn.start.getTime()) / 3_600_000).toBe(25);
  });

  it("a day whose midnight does not exist starts when it actually begins", () => {
    // Chile moved clocks from 00:00 to 01:00 on 2022-09-11.
    expect(startOfLocalDay({ year: 2022, month: 9, day: 11 }, "America/Santiago").toISOString()).toBe("2022-09-11T04:00:00.000Z");
  });

  it("every instant lies in its period, periods tile time, and the next period starts where this one ends", () => {
    const zones = ["UTC", "Europe/Berlin", "America/New_York", "Asia/Kolkata", "Australia/Lord_Howe", "America/Santiago", "Pacific/Chatham"];
    fc.assert(
      fc.property(
        fc.integer({ min: Date.UTC(2020, 0, 1), max: Date.UTC(2032, 0, 1) }),
        fc.constantFrom(...zones),
        fc.constantFrom<PeriodKind>("day", "week", "month"),
        (ms, tz, kind) => {
          const at = new Date(ms);
          const b = periodBounds(kind, at, tz);
          expect(b.start.getTime()).toBeLessThanOrEqual(ms);
          expect(ms).toBeLessThan(b.end.getTime());
          const next = periodBounds(kind, b.end, tz);
          expect(next.start.getTime()).toBe(b.end.getTime());
          const prev = periodBounds(kind, new Date(b.start.getTime() - 1), tz);
          expect(prev.end.getTime()).toBe(b.start.getTime());
          const first = localDate(b.start, tz);
          if (kind === "month") expect(first.day).toBe(1);
          if (kind === "week") expect(isoWeekday(first)).toBe(1);
        },
      ),
      { numRuns: 400 },
    );
  });

  it("lists the local days of a range", () => {
    const b = periodBounds("week", new Date("2026-11-25T10:00:00Z"), "Europe/Berlin");
    expect(localDaysBetween(b.start, b.end, "Europe/Berlin")).toEqual([
      "2026-11-23",
      "2026-11-24",
      "2026-11-25",
      "2026-11-26",
      "2026-11-27",
      "2026-11-28",
      "2026-11-29",
    ]);
  });
});
