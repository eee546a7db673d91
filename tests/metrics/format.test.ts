import { describe, expect, it } from "vitest";
import { formatBucket, formatChange, formatCount, formatMs, formatPercent, formatTime, formatUsd } from "../../components/charts/format";

// Axis and tooltip labels are drawn in the viewer's time zone (their setting or the browser's; a zone is passed
// here), in the one clock's ISO order (docs/time.md): month-day on an axis within a year, the full date in a bucket's name.

describe("time labels in the viewer's zone", () => {
  const t = "2026-03-10T23:30:00.000Z";

  it("labels an hour bucket in local time, with the date when the range spans days", () => {
    expect(formatTime(t, 3600, 86400, "UTC")).toBe("23:30");
    expect(formatTime(t, 3600, 86400, "Europe/Berlin")).toBe("00:30");
    expect(formatTime(t, 3600, 86400, "Asia/Kolkata")).toBe("05:00");
    expect(formatTime(t, 3600, 7 * 86400, "America/Los_Angeles")).toBe("03-10 16:30");
    expect(formatTime(t, 86400, 30 * 86400, "Europe/Berlin")).toBe("03-11");
  });

  it("names a bucket by its local start and end, across daylight saving time", () => {
    expect(formatBucket("2026-03-29T00:00:00.000Z", 3600, "Europe/Berlin")).toBe("2026-03-29 01:00 – 03:00");
    expect(formatBucket("2026-03-10T14:00:00.000Z", 60, "UTC")).toBe("2026-03-10 14:00 – 14:01");
    expect(formatBucket("2026-03-10T00:00:00.000Z", 86400, "UTC")).toBe("2026-03-10");
  });
});

describe("units", () => {
  it("formats counts, percentages, durations, money and changes", () => {
    expect(formatCount(1234)).toBe("1,234");
    expect(formatCount(2_500_000)).toBe("2.5M");
    expect(formatPercent(0.037)).toBe("3.7 %");
    expect(formatPercent(null)).toBe("—");
    expect(formatMs(175)).toBe("175 ms");
    expect(formatMs(3750)).toBe("3.75 s");
    expect(formatUsd(16)).toBe("$16.00");
    expect(formatUsd(0.0042)).toBe("$0.0042");
    expect(formatChange(0.25)).toBe("+25.0 %");
    expect(formatChange(-0.5)).toBe("−50.0 %");
    expect(formatChange(null)).toBe("—");
  });
});
