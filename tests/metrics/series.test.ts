import { describe, expect, it } from "vitest";
import { latencyPercentile } from "../../lib/metrics/latency-buckets";
import { compare, errorRate, fillBuckets, histogramOf, toCallsPoints, toErrorRatePoints, toLatencyPoints, toStackedSeries } from "../../lib/metrics/series";

const buckets = ["2026-03-10T10:00:00Z", "2026-03-10T11:00:00Z", "2026-03-10T12:00:00Z"].map((s) => new Date(s));

describe("zero filling", () => {
  it("gives every bucket a value, zero where no row exists, ignoring rows outside the window", () => {
    const rows = [
      { t: new Date("2026-03-10T11:00:00Z"), n: 5 },
      { t: "2026-03-10T09:00:00.000Z", n: 99 },
    ];
    expect(fillBuckets(buckets, rows, (r) => r.n, () => 0)).toEqual([
      { t: "2026-03-10T10:00:00.000Z", value: 0 },
      { t: "2026-03-10T11:00:00.000Z", value: 5 },
      { t: "2026-03-10T12:00:00.000Z", value: 0 },
    ]);
  });
});

describe("calls by status", () => {
  it("stacks statuses and leaves the rest as ok", () => {
    const pts = toCallsPoints(buckets, [{ t: buckets[0], calls: 100, errors: 7, timeouts: 3, blocked: 2, denied: 1 }]);
    expect(pts[0]).toEqual({ t: buckets[0].toISOString(), ok: 87, error: 7, timeout: 3, blocked: 2, denied: 1 });
    expect(pts[1]).toEqual({ t: buckets[1].toISOString(), ok: 0, error: 0, timeout: 0, blocked: 0, denied: 0 });
  });

  it("keeps calls without timeout/denied counts (per-user rollup) in ok", () => {
    const [p] = toCallsPoints(buckets.slice(0, 1), [{ t: buckets[0], calls: 10, errors: 1, timeouts: null, blocked: 2, denied: null }]);
    expect(p).toMatchObject({ ok: 7, error: 1, blocked: 2, timeout: 0, denied: 0 });
  });
});

describe("error rate", () => {
  it("is errors / calls, null without calls (a gap, not 0 %)", () => {
    expect(errorRate(37, 1000)).toBeCloseTo(0.037, 10);
    expect(errorRate(0, 0)).toBeNull();
    const pts = toErrorRatePoints(buckets, [{ t: buckets[2], calls: 1000, errors: 37 }]);
    expect(pts.map((p) => p.rate)).toEqual([null, null, 0.037]);
  });
});

describe("latency percentiles", () => {
  it("interpolates inside the bucket holding the rank", () => {
    // 100 calls all in (100, 250] ms: p50 = 100 + 0.5 × 150 = 175, p95 = 100 + 0.95 × 150 = 242.5
    const lat = [0, 0, 0, 0, 100, 0, 0, 0, 0, 0, 0, 0];
    expect(latencyPercentile(lat, 50)).toBe(175);
    expect(latencyPercentile(lat, 95)).toBeCloseTo(242.5, 9);
  });

  it("reads histogram columns lat0…lat11 and shapes p50/p95 per bucket, null without durations", () => {
    const row: Record<string, unknown> = { t: buckets[0] };
    for (let i = 0; i < 12; i++) row[`lat${i}`] = i === 0 ? 90 : i === 3 ? 10 : 0;
    const lat = histogramOf(row);
    expect(lat).toEqual([90, 0, 0, 10, 0, 0, 0, 0, 0, 0, 0, 0]);
    const pts = toLatencyPoints(buckets, [{ t: buckets[0], lat }]);
    expect(pts[0].n).toBe(100);
    expect(pts[0].p50).toBeCloseTo(10 * (50 / 90), 9);
    expect(pts[0].p95).toBeCloseTo(50 + 0.5 * 50, 9);
    expect(pts[1]).toEqual({ t: buckets[1].toISOString(), n: 0, p50: null, p95: null });
  });

  it("reports the open last bucket by its lower bound", () => {
    const lat = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 5];
    expect(latencyPercentile(lat, 95)).toBe(30000);
  });
});

describe("stacked series", () => {
  it("keeps the largest series, folds the rest into other, and uses safe data keys for untrusted labels", () => {
    const rows = [
      { t: buckets[0], label: "a.b[0]", value: 10 },
      { t: buckets[0], label: "small", value: 1 },
      { t: buckets[1], label: "tiny", value: 0.5 },
      { t: buckets[1], label: "mid", value: 5 },
    ];
    const s = toStackedSeries(buckets, rows, 2);
    expect(s.series).toEqual([
      { key: "s0", label: "a.b[0]" },
      { key: "s1", label: "mid" },
      { key: "s2", label: "other" },
    ]);
    expect(s.points).toEqual([
      { t: buckets[0].toISOString(), s0: 10, s1: 0, s2: 1 },
      { t: buckets[1].toISOString(), s0: 0, s1: 5, s2: 0.5 },
      { t: buckets[2].toISOString(), s0: 0, s1: 0, s2: 0 },
    ]);
  });

  it("has no other series when everything fits", () => {
    const s = toStackedSeries(buckets, [{ t: buckets[0], label: "x", value: 1 }], 6);
    expect(s.series).toEqual([{ key: "s0", label: "x" }]);
  });
});

describe("period comparison", () => {
  it("gives delta and relative change against the previous period", () => {
    expect(compare(150, 100)).toEqual({ value: 150, previous: 100, delta: 50, change: 0.5 });
    expect(compare(50, 100)).toEqual({ value: 50, previous: 100, delta: -50, change: -0.5 });
  });

  it("has no relative change from zero or from an unknown value", () => {
    expect(compare(5, 0)).toEqual({ value: 5, previous: 0, delta: 5, change: null });
    expect(compare(null, 3)).toEqual({ value: null, previous: 3, delta: null, change: null });
  });
});
