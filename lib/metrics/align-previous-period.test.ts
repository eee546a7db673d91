import { describe, expect, it } from "vitest";
import { alignPreviousPeriod } from "./align-previous-period";
import { bucketChange } from "./bucket-change";
import { previousWindow } from "./previous-window";
import { withPreviousPoints } from "./with-previous-points";
import { resolveWindow } from "./time-window";

const HOUR = 3_600_000;
const DAY = 86_400_000;
const iso = (ms: number) => new Date(ms).toISOString();
/** Hour bucket starts from `from` (inclusive) to `to` (exclusive). */
const hours = (from: string, to: string) => {
  const out: string[] = [];
  for (let t = Date.parse(from); t < Date.parse(to); t += HOUR) out.push(iso(t));
  return out;
};
const points = (ts: readonly string[]) => ts.map((t, i) => ({ t, v: i }));
const starts = (aligned: ({ t: string } | null)[]) => aligned.map((p) => p?.t ?? null);

describe("alignPreviousPeriod", () => {
  it("puts bucket i of the previous period under bucket i of the window (a whole-bucket shift)", () => {
    const current = hours("2026-03-10T10:00:00Z", "2026-03-10T14:00:00Z");
    const previous = points(hours("2026-03-10T06:00:00Z", "2026-03-10T10:00:00Z"));
    const aligned = alignPreviousPeriod({ current, previous, stepSeconds: 3600, shift: { by: "duration", ms: 4 * HOUR } });
    expect(aligned).toEqual(previous);
  });

  it("leaves a gap (null) under a bucket the previous period lacks, without shifting the ones after it", () => {
    const current = hours("2026-03-10T10:00:00Z", "2026-03-10T14:00:00Z");
    const previous = points(["2026-03-10T06:00:00.000Z", "2026-03-10T08:00:00.000Z", "2026-03-10T09:00:00.000Z"]);
    const aligned = alignPreviousPeriod({ current, previous, stepSeconds: 3600, shift: { by: "duration", ms: 4 * HOUR } });
    expect(starts(aligned)).toEqual(["2026-03-10T06:00:00.000Z", null, "2026-03-10T08:00:00.000Z", "2026-03-10T09:00:00.000Z"]);
  });

  it("same time last week across the spring-forward change in New York: 14:00 EDT sits over 14:00 EST, 7 days less 1 hour earlier", () => {
    // Monday 2026-03-09 12:00–16:00 EDT (16:00Z–20:00Z); the week before is EST (UTC−5).
    const w = resolveWindow({ range: "custom", from: "2026-03-09T16:00:00Z", to: "2026-03-09T20:00:00Z" });
    const prev = previousWindow({ window: w, mode: "week" });
    const aligned = alignPreviousPeriod({
      current: w.buckets.map((b) => b.toISOString()),
      previous: points(prev.buckets.map((b) => b.toISOString())),
      stepSeconds: w.stepSeconds,
      shift: { by: "wall-clock", days: 7, zone: "America/New_York" },
    });
    // Minute buckets over 4 h: every one found (the one-hour margin holds them), each 7 d − 1 h back.
    expect(aligned.every((p) => p !== null)).toBe(true);
    expect(aligned.map((p, i) => Date.parse(w.buckets[i].toISOString()) - Date.parse(p!.t))).toEqual(Array(w.buckets.length).fill(7 * DAY - HOUR));
    // In UTC there is no change: exactly 7 days.
    const utc = alignPreviousPeriod({ current: w.buckets.map((b) => b.toISOString()), previous: points(prev.buckets.map((b) => b.toISOString())), stepSeconds: 60, shift: { by: "wall-clock", days: 7, zone: "UTC" } });
    expect(Date.parse(w.buckets[0].toISOString()) - Date.parse(utc[0]!.t)).toBe(7 * DAY);
  });

  it("compares a 23-hour local day with the 24-hour day before it: the skipped hour's partner is left out", () => {
    // 2026-03-08 in New York: 05:00Z to 04:00Z next day (23 h); the day before: 05:00Z to 05:00Z (24 h).
    const current = hours("2026-03-08T05:00:00Z", "2026-03-09T04:00:00Z");
    const previous = points(hours("2026-03-07T05:00:00Z", "2026-03-08T05:00:00Z"));
    expect([current.length, previous.length]).toEqual([23, 24]);
    const aligned = alignPreviousPeriod({ current, previous, stepSeconds: 3600, shift: { by: "wall-clock", days: 1, zone: "America/New_York" } });
    expect(aligned.every((p) => p !== null)).toBe(true);
    // 00:00 and 01:00 EST over the same hours; 03:00 EDT (07:00Z) over 03:00 EST (08:00Z); 02:00 EST the day before is unused.
    expect(starts(aligned).slice(0, 3)).toEqual(["2026-03-07T05:00:00.000Z", "2026-03-07T06:00:00.000Z", "2026-03-07T08:00:00.000Z"]);
    expect(starts(aligned)).not.toContain("2026-03-07T07:00:00.000Z");
    expect(aligned.at(-1)!.t).toBe("2026-03-08T04:00:00.000Z");
  });

  it("compares a 25-hour local day with the 24-hour day before it: both 01:00 hours sit over the one 01:00", () => {
    // 2026-11-01 in New York: 04:00Z to 05:00Z next day (25 h); 01:00 EDT is 05:00Z, 01:00 EST 06:00Z.
    const current = hours("2026-11-01T04:00:00Z", "2026-11-02T05:00:00Z");
    const previous = points(hours("2026-10-31T04:00:00Z", "2026-11-01T04:00:00Z"));
    expect([current.length, previous.length]).toEqual([25, 24]);
    const aligned = alignPreviousPeriod({ current, previous, stepSeconds: 3600, shift: { by: "wall-clock", days: 1, zone: "America/New_York" } });
    expect(starts(aligned).slice(1, 3)).toEqual(["2026-10-31T05:00:00.000Z", "2026-10-31T05:00:00.000Z"]);
    expect(aligned.at(-1)!.t).toBe("2026-11-01T03:00:00.000Z");
  });

  it("keeps UTC day buckets on their day in a zone with DST (the middle of the day moves by an hour, not the day)", () => {
    const current = ["2026-03-09T00:00:00.000Z", "2026-03-10T00:00:00.000Z"];
    const previous = points(["2026-03-02T00:00:00.000Z", "2026-03-03T00:00:00.000Z"]);
    const aligned = alignPreviousPeriod({ current, previous, stepSeconds: 86400, shift: { by: "wall-clock", days: 7, zone: "America/New_York" } });
    expect(aligned).toEqual(previous);
  });

  it("reads an unknown zone as UTC", () => {
    const aligned = alignPreviousPeriod({ current: ["2026-03-09T18:00:00.000Z"], previous: points(["2026-03-02T18:00:00.000Z"]), stepSeconds: 3600, shift: { by: "wall-clock", days: 7, zone: "Mars/Olympus" } });
    expect(starts(aligned)).toEqual(["2026-03-02T18:00:00.000Z"]);
  });
});

describe("previousWindow", () => {
  it("previous: the same whole buckets just before the window, as the KPI tiles compare", () => {
    const now = new Date("2026-03-10T14:37:25Z");
    const w = resolveWindow({ range: "24h" }, now);
    const p = previousWindow({ window: w, mode: "previous" });
    expect([p.from, p.to]).toEqual([w.prevFrom, w.prevTo]);
    expect(p.buckets).toHaveLength(w.buckets.length);
    expect(p.nominal).toEqual({ from: w.prevFrom, to: w.prevTo });
  });

  it("week: 7 days earlier, with an hour's margin on each side for buckets of an hour or less only", () => {
    const hourly = resolveWindow({ range: "custom", from: "2026-03-09T00:00:00Z", to: "2026-03-10T00:00:00Z" });
    const p = previousWindow({ window: hourly, mode: "week" });
    expect([p.from.toISOString(), p.to.toISOString()]).toEqual(["2026-03-01T23:00:00.000Z", "2026-03-03T01:00:00.000Z"]);
    expect(p.buckets).toHaveLength(26);
    expect(p.nominal.from.toISOString()).toBe("2026-03-02T00:00:00.000Z");
    const daily = resolveWindow({ range: "custom", from: "2026-02-01T00:00:00Z", to: "2026-03-01T00:00:00Z" });
    const d = previousWindow({ window: daily, mode: "week" });
    expect([d.from.toISOString(), d.buckets.length]).toEqual(["2026-01-25T00:00:00.000Z", daily.buckets.length]);
  });
});

describe("bucketChange", () => {
  it("gives the relative change, or n/a with why: previous 0, previous low-volume, partial bucket, nothing to compare", () => {
    expect(bucketChange({ value: 15, previous: 10, previousVolume: 40 })).toEqual({ change: 0.5 });
    expect(bucketChange({ value: 0.2, previous: 0, previousVolume: 40 })).toEqual({ change: null, note: "previous_zero" });
    expect(bucketChange({ value: 0.2, previous: 0.1, previousVolume: 3 })).toEqual({ change: null, note: "previous_low_volume" });
    expect(bucketChange({ value: 4, previous: 10, partial: true })).toEqual({ change: null, note: "partial" });
    expect(bucketChange({ value: 4, previous: null })).toEqual({ change: null, note: "no_previous" });
    expect(bucketChange({ value: null, previous: 0.1, previousVolume: 40 })).toEqual({ change: null, note: "no_value" });
  });
});

describe("withPreviousPoints", () => {
  it("adds the aligned bucket's values as prev_<key>, its start and volume; nothing under a missing bucket", () => {
    const rows = withPreviousPoints({
      points: [{ t: "a", rate: 0.2 }, { t: "b", rate: 0.1 }],
      aligned: [{ t: "p", calls: 20, errors: 2 }, null],
      pick: (q) => ({ values: { rate: q.errors / q.calls }, volume: q.calls }),
    });
    expect(rows).toEqual([
      { t: "a", rate: 0.2, prev_rate: 0.1, prev_t: "p", prev_volume: 20 },
      { t: "b", rate: 0.1, prev_t: null, prev_volume: null },
    ]);
  });
});
