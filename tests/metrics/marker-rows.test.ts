import { describe, expect, it } from "vitest";
import { markerLabel, snapToBucket, toMarkerRows, type MarkerInput } from "../../lib/metrics/marker-rows";
import { resolveWindow } from "../../lib/metrics/time-window";

// Markers sit on the charts' category axis, whose values are the points' bucket starts: a marker must be
// snapped to exactly one of those strings, or it is not drawn at all.

const hourly = ["2026-03-10T10:00:00.000Z", "2026-03-10T11:00:00.000Z", "2026-03-10T12:00:00.000Z"];
const points = hourly.map((t) => ({ t }));

const marker = (over: Partial<MarkerInput> = {}): MarkerInput => ({
  id: "a1",
  at: "2026-03-10T11:20:00.000Z",
  until: null,
  severity: "warning",
  title: "Error rate spike",
  subjectType: "tool",
  subjectValue: "send_email",
  ...over,
});

describe("snapToBucket", () => {
  it("returns the start of the bucket holding the time, as the exact axis value", () => {
    expect(snapToBucket("2026-03-10T11:20:00Z", hourly, 3600)).toBe("2026-03-10T11:00:00.000Z");
    expect(snapToBucket(new Date("2026-03-10T10:00:00Z"), hourly, 3600)).toBe(hourly[0]);
    expect(snapToBucket("2026-03-10T11:59:59.999Z", hourly, 3600)).toBe(hourly[1]);
    expect(snapToBucket("2026-03-10T12:00:00+00:00", hourly, 3600)).toBe(hourly[2]);
    expect(snapToBucket("2026-03-10T13:00:00+01:00", hourly, 3600)).toBe(hourly[2]);
  });

  it("returns null before the first bucket, after the last one ends, for no buckets and for a bad time", () => {
    expect(snapToBucket("2026-03-10T09:59:59.999Z", hourly, 3600)).toBeNull();
    expect(snapToBucket("2026-03-10T13:00:00.000Z", hourly, 3600)).toBeNull();
    expect(snapToBucket("2026-03-10T11:00:00Z", [], 3600)).toBeNull();
    expect(snapToBucket("yesterday", hourly, 3600)).toBeNull();
  });

  it("returns null in a gap between buckets", () => {
    expect(snapToBucket("2026-03-10T11:30:00Z", ["2026-03-10T10:00:00.000Z", "2026-03-10T12:00:00.000Z"], 3600)).toBeNull();
  });

  it("matches the buckets of every window the overview uses, including the day buckets of a user filter", () => {
    const now = new Date("2026-03-10T14:37:25.000Z");
    for (const req of [{ range: "15m" }, { range: "24h" }, { range: "7d" }, { range: "30d" }, { range: "24h", byUser: true }] as const) {
      const w = resolveWindow(req, now);
      const buckets = w.buckets.map((b) => b.toISOString());
      const k = Math.min(3, buckets.length - 2);
      const inside = new Date(w.buckets[k].getTime() + (w.stepSeconds * 1000) / 2);
      expect(snapToBucket(inside, buckets, w.stepSeconds), req.range).toBe(buckets[k]);
      expect(snapToBucket(w.buckets[k + 1], buckets, w.stepSeconds), req.range).toBe(buckets[k + 1]);
      expect(snapToBucket(now, buckets, w.stepSeconds), req.range).toBe(buckets.at(-1));
    }
  });
});

describe("toMarkerRows", () => {
  it("draws an open alert as a line at its bucket, labelled with severity, title and subject", () => {
    expect(toMarkerRows([marker()], points, 3600)).toEqual([{ id: "a1", severity: "warning", x1: hourly[1], label: "Warning: Error rate spike (tool send_email)" }]);
  });

  it("draws an alert that ended in a later bucket as a band, and one that ended in the same bucket as a line", () => {
    const [band] = toMarkerRows([marker({ at: "2026-03-10T10:05:00Z", until: "2026-03-10T12:10:00Z" })], points, 3600);
    expect(band).toMatchObject({ x1: hourly[0], x2: hourly[2] });
    const [line] = toMarkerRows([marker({ until: "2026-03-10T11:50:00Z" })], points, 3600);
    expect(line.x2).toBeUndefined();
  });

  it("clamps a band that ends after the chart to the last bucket", () => {
    const [row] = toMarkerRows([marker({ until: "2026-03-11T00:00:00Z" })], points, 3600);
    expect(row).toMatchObject({ x1: hourly[1], x2: hourly[2] });
  });

  it("leaves out alerts that opened outside the chart's buckets", () => {
    const rows = toMarkerRows([marker({ id: "before", at: "2026-03-10T09:00:00Z", until: "2026-03-10T11:00:00Z" }), marker({ id: "after", at: "2026-03-10T13:30:00Z" })], points, 3600);
    expect(rows).toEqual([]);
    expect(toMarkerRows([marker()], [], 3600)).toEqual([]);
  });

  it("puts the most severe last (drawn on top), then orders by time", () => {
    const rows = toMarkerRows(
      [
        marker({ id: "crit", severity: "critical", at: "2026-03-10T10:10:00Z" }),
        marker({ id: "warn-late", severity: "warning", at: "2026-03-10T12:10:00Z" }),
        marker({ id: "info", severity: "info", at: "2026-03-10T12:30:00Z" }),
        marker({ id: "warn-early", severity: "warning", at: "2026-03-10T10:30:00Z" }),
      ],
      points,
      3600,
    );
    expect(rows.map((r) => r.id)).toEqual(["info", "warn-early", "warn-late", "crit"]);
  });
});

describe("markerLabel", () => {
  it("names all-traffic alerts and resolves subject names (gateway ids) through the given function", () => {
    expect(markerLabel(marker({ severity: "critical", subjectType: "all", subjectValue: "" }))).toBe("Critical: Error rate spike (all traffic)");
    expect(markerLabel(marker({ subjectType: "gateway", subjectValue: "gw-id" }), (type, v) => (type === "gateway" ? "edge-eu" : v))).toBe("Warning: Error rate spike (gateway edge-eu)");
  });

  it("keeps untrusted text as it is (it is rendered as text, never as HTML)", () => {
    expect(markerLabel(marker({ title: "<script>alert(1)</script>", subjectValue: "<img src=x>" }))).toBe("Warning: <script>alert(1)</script> (tool <img src=x>)");
  });
});
