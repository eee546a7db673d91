import { zoneOffsetMs } from "../budgets/period";
import { parseZonedTime } from "./parse-zoned-time";

// The same wall-clock time a number of days earlier or later in a zone: 14:30 on a Monday in New York is
// 14:30 on the Monday before, 7 × 24 h ± 1 h away when a DST change lies between. Pure; a skipped wall time
// moves forward by the gap and a repeated one reads as the first of the two (as parseZonedTime does).

export function shiftWallClock({ at, days, zone }: { at: Date | number; days: number; zone: string }): Date {
  const ms = typeof at === "number" ? at : at.getTime();
  let offset = 0;
  try {
    offset = zoneOffsetMs(ms, zone);
  } catch {
    // An unknown zone reads as UTC (as formatTime and parseZonedTime do).
  }
  const wall = ms + offset + days * 86_400_000;
  const text = new Date(wall).toISOString().slice(0, 19);
  const shifted = parseZonedTime({ value: text, zone });
  // Keep the milliseconds parseZonedTime does not read.
  return new Date((shifted ?? new Date(wall)).getTime() + (ms % 1000 + 1000) % 1000);
}
