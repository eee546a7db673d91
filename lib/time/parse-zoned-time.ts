import { zoneOffsetMs } from "../budgets/period";

// The instant a wall-clock time names in a zone: what a date or datetime-local input means when the
// viewer's clock is `zone` (not the browser's). "2026-03-08T02:30" in New York (a skipped hour) is read as
// 03:30 EDT, like the browser's own inputs; in a repeated hour, the first of the two.

/** "YYYY-MM-DD" or "YYYY-MM-DDTHH:mm[:ss]" in `zone` → Date, or null when it is not one. */
export function parseZonedTime({ value, zone }: { value: string; zone: string }): Date | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2}))?)?$/.exec(value.trim());
  if (!m) return null;
  const [y, mo, d, h = "0", mi = "0", s = "0"] = m.slice(1);
  const wall = Date.UTC(+y, +mo - 1, +d, +h, +mi, +s);
  const check = new Date(wall);
  if (check.getUTCFullYear() !== +y || check.getUTCMonth() !== +mo - 1 || check.getUTCDate() !== +d || +h > 23 || +mi > 59 || +s > 59) return null;
  let zoneOk = true;
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: zone });
  } catch {
    zoneOk = false;
  }
  const z = zoneOk ? zone : "UTC";
  // The offset before the wall time (the earlier reading in a repeated hour), then checked after it.
  const before = zoneOffsetMs(wall - 86_400_000 / 2, z);
  const after = zoneOffsetMs(wall + 86_400_000 / 2, z);
  for (const off of [before, after].sort((a, b) => b - a)) {
    const t = wall - off;
    if (zoneOffsetMs(t, z) === off) return new Date(t);
  }
  // A skipped wall time: move it forward by the gap (02:30 → 03:30 EDT).
  return new Date(wall - before);
}
