// Which bucket of the comparison period sits under each bucket of the current one. Pure and isomorphic (the
// overview runs it in the browser, in the viewer's zone); unit-tested (align-previous-period.test.ts).
import { shiftWallClock } from "../time/shift-wall-clock";

export type PeriodShift =
  /** A fixed duration back (the previous period: its bucket i under bucket i of the window). */
  | { by: "duration"; ms: number }
  /** The same wall-clock time `days` earlier in `zone` (same time last week: 7 × 24 h ± 1 h across a DST change). */
  | { by: "wall-clock"; days: number; zone: string };

export interface AlignPreviousPeriodOptions<P extends { t: string }> {
  /** Bucket starts of the current window (ISO), in order. */
  current: readonly string[];
  /** Points of the comparison period, in any order; a bucket the response lacks is simply absent. */
  previous: readonly P[];
  stepSeconds: number;
  shift: PeriodShift;
  /** Buckets start at origin + k × step (the rollups' buckets: UTC-aligned, origin 0). */
  originMs?: number;
}

/**
 * One entry per current bucket: the comparison point whose bucket holds the current bucket's middle moved by
 * the shift, or null when the comparison period has no such bucket (missing, or outside what was read).
 * Matching by the middle keeps it exact for whole-bucket shifts and picks the bucket holding the same
 * wall-clock time when a DST change moved the other period by an hour: for hour buckets that is the bucket an
 * hour off, for day buckets (UTC days) still the same day. Bucket counts need not match: a 23-hour local day
 * compared with a 24-hour one leaves one previous bucket unused; a 25-hour one uses one twice (the repeated hour).
 */
export function alignPreviousPeriod<P extends { t: string }>({ current, previous, stepSeconds, shift, originMs = 0 }: AlignPreviousPeriodOptions<P>): (P | null)[] {
  const step = stepSeconds * 1000;
  const byStart = new Map<number, P>();
  for (const p of previous) byStart.set(Date.parse(p.t), p);
  return current.map((t) => {
    const middle = Date.parse(t) + step / 2;
    const target = shift.by === "duration" ? middle - shift.ms : shiftWallClock({ at: middle, days: -shift.days, zone: shift.zone }).getTime();
    const start = originMs + Math.floor((target - originMs) / step) * step;
    return byStart.get(start) ?? null;
  });
}
