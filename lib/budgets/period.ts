// Calendar periods of a budget in the configured time zone (WARDEN_TIMEZONE): a day starts at local
// midnight, a week on Monday at local midnight, a month on the 1st at local midnight. Pure and shared by
// the server (which period row a reservation or a spend lands on) and the UI (days left, forecast).

export const PERIOD_KINDS = ["day", "week", "month"] as const;
export type PeriodKind = (typeof PERIOD_KINDS)[number];

export interface PeriodBounds {
  start: Date;
  end: Date;
}

export interface LocalDate {
  year: number;
  month: number; // 1–12
  day: number; // 1–31
}

const DAY_MS = 86_400_000;
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "numeric",
      day: "numeric",
      hour: "numeric",
      minute: "numeric",
      second: "numeric",
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** Throws a RangeError for an unknown IANA zone name. */
export function assertTimeZone(timeZone: string): void {
  formatter(timeZone);
}

/** Wall-clock fields of `at` in `timeZone`. */
export function zonedParts(at: Date, timeZone: string) {
  const out = { year: 0, month: 0, day: 0, hour: 0, minute: 0, second: 0 };
  for (const p of formatter(timeZone).formatToParts(at)) {
    if (p.type in out) out[p.type as keyof typeof out] = Number(p.value);
  }
  return out;
}

/** Offset of `timeZone` from UTC at the instant `ms`, in milliseconds (local = utc + offset). */
export function zoneOffsetMs(ms: number, timeZone: string): number {
  const p = zonedParts(new Date(ms), timeZone);
  const asUtc = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
  return asUtc - Math.floor(ms / 1000) * 1000;
}

/** The local calendar date of `at` in `timeZone`. */
export function localDate(at: Date, timeZone: string): LocalDate {
  const p = zonedParts(at, timeZone);
  return { year: p.year, month: p.month, day: p.day };
}

/** Normalises y/m/d with overflow (month 13, day 0, day 32 …) through UTC arithmetic. */
function normalise(year: number, month: number, day: number): LocalDate {
  const d = new Date(Date.UTC(year, month - 1, day));
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
}

/**
 * The first instant of the local date in `timeZone`. Usually local 00:00; where a DST change skips
 * midnight, the moment the day actually begins; where midnight happens twice, the first one.
 */
export function startOfLocalDay(date: LocalDate, timeZone: string): Date {
  const guess = Date.UTC(date.year, date.month - 1, date.day);
  const offsets = new Set([zoneOffsetMs(guess - DAY_MS, timeZone), zoneOffsetMs(guess, timeZone), zoneOffsetMs(guess + DAY_MS, timeZone)]);
  let best: number | null = null;
  for (const off of offsets) {
    const t = guess - off;
    const l = localDate(new Date(t), timeZone);
    if (l.year === date.year && l.month === date.month && l.day === date.day && (best === null || t < best)) best = t;
  }
  // A zone that skips a whole day (Samoa 2011) has no instant for it: use the next day's start.
  return best === null ? startOfLocalDay(normalise(date.year, date.month, date.day + 1), timeZone) : new Date(best);
}

/** ISO weekday of a local date: Monday = 1 … Sunday = 7. */
export function isoWeekday(date: LocalDate): number {
  const dow = new Date(Date.UTC(date.year, date.month - 1, date.day)).getUTCDay();
  return dow === 0 ? 7 : dow;
}

/** The calendar period of `kind` that contains `at`, as instants [start, end). */
export function periodBounds(kind: PeriodKind, at: Date, timeZone: string): PeriodBounds {
  const today = localDate(at, timeZone);
  let first: LocalDate;
  let next: LocalDate;
  if (kind === "day") {
    first = today;
    next = normalise(today.year, today.month, today.day + 1);
  } else if (kind === "week") {
    first = normalise(today.year, today.month, today.day - (isoWeekday(today) - 1));
    next = normalise(first.year, first.month, first.day + 7);
  } else {
    first = { year: today.year, month: today.month, day: 1 };
    next = normalise(today.year, today.month + 1, 1);
  }
  return { start: startOfLocalDay(first, timeZone), end: startOfLocalDay(next, timeZone) };
}

/** The local dates from `start` (inclusive) to `end` (exclusive), one per calendar day, as YYYY-MM-DD. */
export function localDaysBetween(start: Date, end: Date, timeZone: string): string[] {
  const out: string[] = [];
  let d = localDate(start, timeZone);
  for (let i = 0; i < 400; i++) {
    const begin = startOfLocalDay(d, timeZone);
    if (begin.getTime() >= end.getTime()) break;
    out.push(isoDate(d));
    d = normalise(d.year, d.month, d.day + 1);
  }
  return out;
}

export function isoDate(d: LocalDate): string {
  return `${String(d.year).padStart(4, "0")}-${String(d.month).padStart(2, "0")}-${String(d.day).padStart(2, "0")}`;
}
