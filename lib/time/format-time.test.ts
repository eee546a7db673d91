import { describe, expect, it } from "vitest";
import { formatTime } from "./format-time";
import { canonicalTimeZone } from "./canonical-time-zone";
import { listTimeZones } from "./list-time-zones";

describe("formatTime: one format, 24 h, ISO order, in the zone given", () => {
  const at = "2026-12-06T14:05:07.250Z";

  it("writes datetime, date, time, day-time and day in the zone's wall clock", () => {
    expect(formatTime({ value: at, zone: "UTC" })).toBe("2026-12-06 14:05");
    expect(formatTime({ value: at, zone: "America/New_York" })).toBe("2026-12-06 09:05");
    expect(formatTime({ value: at, zone: "Asia/Kolkata", seconds: true })).toBe("2026-12-06 19:35:07");
    expect(formatTime({ value: at, zone: "Pacific/Auckland", style: "date" })).toBe("2026-12-07");
    expect(formatTime({ value: at, zone: "America/New_York", style: "time", seconds: true })).toBe("09:05:07");
    expect(formatTime({ value: at, zone: "UTC", style: "day-time" })).toBe("12-06 14:05");
    expect(formatTime({ value: at, zone: "UTC", style: "day" })).toBe("12-06");
  });

  it("takes a Date, an ISO string or epoch milliseconds alike; midnight is 00, never 24", () => {
    const midnight = Date.UTC(2026, 0, 1, 0, 0, 0);
    for (const value of [new Date(midnight), new Date(midnight).toISOString(), midnight]) {
      expect(formatTime({ value, zone: "UTC", seconds: true })).toBe("2026-01-01 00:00:00");
    }
  });

  it("names the zone where asked: US, European, GMT/BST, UTC and offset-only zones", () => {
    expect(formatTime({ value: at, zone: "America/New_York", zoneName: true })).toBe("2026-12-06 09:05 EST");
    expect(formatTime({ value: "2026-07-01T12:00:00Z", zone: "America/New_York", zoneName: true })).toBe("2026-07-01 08:00 EDT");
    expect(formatTime({ value: at, zone: "Europe/Berlin", zoneName: true })).toBe("2026-12-06 15:05 CET");
    expect(formatTime({ value: "2026-07-01T12:00:00Z", zone: "Europe/Berlin", zoneName: true })).toBe("2026-07-01 14:00 CEST");
    expect(formatTime({ value: "2026-07-01T12:00:00Z", zone: "Europe/London", zoneName: true })).toBe("2026-07-01 13:00 BST");
    expect(formatTime({ value: at, zone: "Etc/UTC", zoneName: true })).toBe("2026-12-06 14:05 UTC");
    expect(formatTime({ value: at, zone: "Asia/Kolkata", zoneName: true })).toBe("2026-12-06 19:35 UTC+5:30");
  });

  it("follows DST edges: the skipped hour does not exist, the repeated hour reads twice with its own abbreviation", () => {
    // New York springs forward on 2026-03-08 at 02:00 EST → 03:00 EDT.
    expect(formatTime({ value: "2026-03-08T06:59:59Z", zone: "America/New_York", seconds: true, zoneName: true })).toBe("2026-03-08 01:59:59 EST");
    expect(formatTime({ value: "2026-03-08T07:00:00Z", zone: "America/New_York", seconds: true, zoneName: true })).toBe("2026-03-08 03:00:00 EDT");
    // It falls back on 2026-11-01: 01:30 happens twice, told apart by the abbreviation.
    expect(formatTime({ value: "2026-11-01T05:30:00Z", zone: "America/New_York", zoneName: true })).toBe("2026-11-01 01:30 EDT");
    expect(formatTime({ value: "2026-11-01T06:30:00Z", zone: "America/New_York", zoneName: true })).toBe("2026-11-01 01:30 EST");
    // Berlin: 2026-03-29 02:00 CET → 03:00 CEST; Lord Howe moves by half an hour.
    expect(formatTime({ value: "2026-03-29T01:00:00Z", zone: "Europe/Berlin", zoneName: true })).toBe("2026-03-29 03:00 CEST");
    expect(formatTime({ value: "2026-04-04T15:00:00Z", zone: "Australia/Lord_Howe", zoneName: true })).toBe("2026-04-05 01:30 UTC+10:30");
  });

  it("says relative times in words, from the moment given", () => {
    const now = Date.parse(at);
    expect(formatTime({ value: now - 10_000, zone: "UTC", style: "relative", now })).toBe("just now");
    expect(formatTime({ value: now - 5 * 60_000, zone: "UTC", style: "relative", now })).toBe("5 min. ago");
    expect(formatTime({ value: now + 2 * 3_600_000, zone: "UTC", style: "relative", now })).toBe("in 2 hr.");
    expect(formatTime({ value: now - 86_400_000, zone: "UTC", style: "relative", now })).toBe("yesterday");
  });

  it("shows a dash for no value or an invalid one, and labels its fallback to UTC for an unknown zone", () => {
    expect(formatTime({ value: "not a date", zone: "UTC" })).toBe("—");
    expect(formatTime({ value: "", zone: "UTC" })).toBe("—");
    expect(formatTime({ value: at, zone: "Mars/Olympus_Mons" })).toBe("2026-12-06 14:05 UTC");
  });
});

describe("time-zone names", () => {
  it("canonicalises known zones and refuses the rest", () => {
    expect(canonicalTimeZone("america/new_york")).toBe("America/New_York");
    expect(canonicalTimeZone("UTC")).toBe("UTC");
    expect(canonicalTimeZone("Mars/Olympus_Mons")).toBeNull();
    expect(canonicalTimeZone("")).toBeNull();
  });

  it("lists UTC first, then the IANA zones", () => {
    const zones = listTimeZones();
    expect(zones[0]).toBe("UTC");
    expect(zones).toContain("America/New_York");
    expect(new Set(zones).size).toBe(zones.length);
  });
});

describe("parseZonedTime: what a date input means in the viewer's zone", () => {
  it("reads wall-clock times in the zone given, the first of a repeated hour and past a skipped one", async () => {
    const { parseZonedTime } = await import("./parse-zoned-time");
    expect(parseZonedTime({ value: "2026-12-06T09:05", zone: "America/New_York" })?.toISOString()).toBe("2026-12-06T14:05:00.000Z");
    expect(parseZonedTime({ value: "2026-12-06", zone: "Asia/Kolkata" })?.toISOString()).toBe("2026-12-05T18:30:00.000Z");
    expect(parseZonedTime({ value: "2026-11-01T01:30", zone: "America/New_York" })?.toISOString()).toBe("2026-11-01T05:30:00.000Z");
    expect(parseZonedTime({ value: "2026-03-08T02:30", zone: "America/New_York" })?.toISOString()).toBe("2026-03-08T07:30:00.000Z");
    expect(parseZonedTime({ value: "2026-02-30", zone: "UTC" })).toBeNull();
    expect(parseZonedTime({ value: "yesterday", zone: "UTC" })).toBeNull();
    // Round trip with formatTime's input style.
    const at = new Date("2026-07-01T12:34:00Z");
    expect(parseZonedTime({ value: formatTime({ value: at, zone: "Europe/Berlin", style: "input" }), zone: "Europe/Berlin" })?.toISOString()).toBe(at.toISOString());
  });
});
