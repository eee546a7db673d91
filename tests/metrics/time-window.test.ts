import { describe, expect, it } from "vitest";
import { bucketStart, pickStep, resolveWindow, WindowError } from "../../lib/metrics/time-window";

const at = (iso: string) => new Date(iso);

describe("resolveWindow", () => {
  const now = at("2026-03-10T14:37:25.000Z");

  it("reads the minute rollup in 1-minute buckets for 15 min and 1 h, ending with the current minute", () => {
    const w = resolveWindow({ range: "15m" }, now);
    expect(w.source).toBe("minute");
    expect(w.stepSeconds).toBe(60);
    expect(w.from.toISOString()).toBe("2026-03-10T14:22:00.000Z");
    expect(w.buckets).toHaveLength(16);
    expect(w.buckets.at(-1)!.toISOString()).toBe("2026-03-10T14:37:00.000Z");
    expect(resolveWindow({ range: "1h" }, now).buckets).toHaveLength(61);
  });

  it("reads the hour rollup beyond 6 h and up to 7 d, hourly", () => {
    const d1 = resolveWindow({ range: "24h" }, now);
    expect([d1.source, d1.stepSeconds, d1.buckets.length]).toEqual(["hour", 3600, 25]);
    expect(d1.from.toISOString()).toBe("2026-03-09T14:00:00.000Z");
    const d7 = resolveWindow({ range: "7d" }, now);
    expect([d7.source, d7.stepSeconds, d7.buckets.length]).toEqual(["hour", 3600, 169]);
  });

  it("reads the day rollup in UTC days beyond 7 d", () => {
    const d30 = resolveWindow({ range: "30d" }, now);
    expect([d30.source, d30.stepSeconds, d30.buckets.length]).toEqual(["day", 86400, 31]);
    expect(d30.from.toISOString()).toBe("2026-02-08T00:00:00.000Z");
    const long = resolveWindow({ range: "custom", from: "2025-03-10T00:00:00Z", to: "2026-03-10T00:00:00Z" }, now);
    expect([long.source, long.stepSeconds]).toEqual(["day", 86400 * 7]);
  });

  it("uses the minute rollup for a custom range of up to 6 h and the hour rollup above", () => {
    const six = resolveWindow({ range: "custom", from: "2026-03-10T06:00:00Z", to: "2026-03-10T12:00:00Z" }, now);
    expect([six.source, six.stepSeconds, six.buckets.length]).toEqual(["minute", 60, 360]);
    const more = resolveWindow({ range: "custom", from: "2026-03-10T05:59:00Z", to: "2026-03-10T12:00:00Z" }, now);
    expect([more.source, more.stepSeconds]).toEqual(["hour", 3600]);
  });

  it("switches to UTC day buckets of the per-user rollup when a user filter is set", () => {
    const w = resolveWindow({ range: "7d", byUser: true }, now);
    expect(w.source).toBe("user_day");
    expect(w.stepSeconds).toBe(86400);
    expect(w.from.toISOString()).toBe("2026-03-03T00:00:00.000Z");
    expect(w.buckets).toHaveLength(8);
  });

  it("compares with the same number of whole buckets just before", () => {
    const w = resolveWindow({ range: "24h" }, now);
    expect(w.prevTo.getTime()).toBe(w.from.getTime());
    expect(w.from.getTime() - w.prevFrom.getTime()).toBe(w.buckets.length * 3600_000);
  });

  it("refuses a custom range without both ends, reversed, or longer than 400 days", () => {
    expect(() => resolveWindow({ range: "custom", from: "2026-03-10T00:00:00Z" })).toThrow(WindowError);
    expect(() => resolveWindow({ range: "custom", from: "2026-03-10T00:00:00Z", to: "2026-03-09T00:00:00Z" })).toThrow(WindowError);
    expect(() => resolveWindow({ range: "custom", from: "2024-01-01T00:00:00Z", to: "2026-03-09T00:00:00Z" })).toThrow(WindowError);
    expect(() => resolveWindow({ range: "custom", from: "yesterday", to: "today" })).toThrow(WindowError);
  });
});

describe("buckets", () => {
  it("bucketStart floors to the step from the origin, also before the origin", () => {
    const origin = at("2026-01-01T01:00:00Z");
    expect(bucketStart(at("2026-01-01T05:59:59Z"), 3 * 3600, origin).toISOString()).toBe("2026-01-01T04:00:00.000Z");
    expect(bucketStart(at("2026-01-01T00:30:00Z"), 3 * 3600, origin).toISOString()).toBe("2025-12-31T22:00:00.000Z");
  });

  it("pickStep keeps charts at 360 buckets or fewer", () => {
    expect(pickStep(3600, 60)).toBe(60);
    expect(pickStep(30 * 86400, 3600)).toBe(3 * 3600);
    expect(pickStep(90 * 86400, 3600)).toBe(6 * 3600);
    expect(pickStep(400 * 86400, 3600)).toBe(86400 * 7);
  });
});
