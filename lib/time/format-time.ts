// The one clock: every timestamp, axis, tooltip and input in Warden is written by formatTime, in the
// viewer's zone (their setting, else the browser's; see components/ui/use-time-zone.ts), 24 h, ISO order:
// "2026-12-06 14:05" (+ ":07" where the page needs seconds, + " EST" where the zone matters).
// Pure, no "server-only": the browser and the server share it. Unit-tested (DST edges, abbreviations).

export type TimeStyle =
  /** "2026-12-06 14:05" */
  | "datetime"
  /** "2026-12-06" */
  | "date"
  /** "14:05" */
  | "time"
  /** "12-06 14:05": chart axes spanning a few days, where the year is the page's context */
  | "day-time"
  /** "12-06": chart axes of daily buckets */
  | "day"
  /** "5 min. ago", "in 2 hr." (relative to `now`) */
  | "relative"
  /** "2026-12-06T14:05": the value of a datetime-local input (read back with parseZonedTime) */
  | "input";

export interface FormatTimeOptions {
  value: Date | string | number;
  /** An IANA zone ("America/New_York", "UTC"). An unknown zone falls back to UTC, labelled so. */
  zone: string;
  style?: TimeStyle;
  /** Append ":ss" to datetime and time. */
  seconds?: boolean;
  /** Append the zone abbreviation ("EST", "CEST", "UTC", "UTC+5:30"). */
  zoneName?: boolean;
  /** The moment "relative" counts from (default: now). */
  now?: Date | number;
}

const partsFormatters = new Map<string, Intl.DateTimeFormat>();
const nameFormatters = new Map<string, Intl.DateTimeFormat>();

function validZone(zone: string): string {
  if (partsFormatters.has(zone)) return zone;
  try {
    partsFormatters.set(
      zone,
      new Intl.DateTimeFormat("en-US", { timeZone: zone, hourCycle: "h23", year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", second: "2-digit" }),
    );
    return zone;
  } catch {
    return zone === "UTC" ? zone : validZone("UTC");
  }
}

function zoneNameOf(at: Date, zone: string, locale: "en-US" | "en-GB"): string {
  const key = `${locale}|${zone}`;
  let f = nameFormatters.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat(locale, { timeZone: zone, timeZoneName: "short" });
    nameFormatters.set(key, f);
  }
  return f.formatToParts(at).find((p) => p.type === "timeZoneName")?.value ?? zone;
}

/**
 * The zone's abbreviation at that instant: "EST"/"EDT" (US names), "CET"/"CEST" (European names),
 * "GMT"/"BST", "UTC"; zones without a common abbreviation read as their offset, "UTC+5:30".
 */
function abbreviation(at: Date, zone: string): string {
  if (/^(Etc\/)?(UTC|GMT|Zulu|Universal)$/i.test(zone)) return "UTC";
  let name = zoneNameOf(at, zone, "en-US");
  if (/^GMT[+-]/.test(name)) name = zoneNameOf(at, zone, "en-GB");
  return name.replace(/^GMT(?=[+-])/, "UTC");
}

const relative = new Intl.RelativeTimeFormat("en", { numeric: "auto", style: "short" });
const UNITS: [Intl.RelativeTimeFormatUnit, number][] = [
  ["year", 365 * 86_400_000],
  ["month", 30 * 86_400_000],
  ["week", 7 * 86_400_000],
  ["day", 86_400_000],
  ["hour", 3_600_000],
  ["minute", 60_000],
  ["second", 1000],
];

function formatRelative(ms: number, now: number): string {
  const diff = ms - now;
  if (Math.abs(diff) < 45_000) return "just now";
  for (const [unit, size] of UNITS) {
    if (Math.abs(diff) >= size || unit === "second") return relative.format(Math.round(diff / size), unit);
  }
  return "just now";
}

/** A moment as text in the one format; "—" for a missing or invalid value. */
export function formatTime({ value, zone, style = "datetime", seconds = false, zoneName = false, now }: FormatTimeOptions): string {
  const at = value instanceof Date ? value : new Date(value);
  if (value === null || value === undefined || value === "" || Number.isNaN(at.getTime())) return "—";
  if (style === "relative") return formatRelative(at.getTime(), now === undefined ? Date.now() : new Date(now).getTime());
  const z = validZone(zone);
  const p: Record<string, string> = {};
  for (const part of partsFormatters.get(z)!.formatToParts(at)) p[part.type] = part.value;
  const date = `${p.year}-${p.month}-${p.day}`;
  const time = `${p.hour}:${p.minute}${seconds ? `:${p.second}` : ""}`;
  if (style === "input") return `${date}T${time}`;
  const text =
    style === "date" ? date : style === "time" ? time : style === "day-time" ? `${p.month}-${p.day} ${time}` : style === "day" ? `${p.month}-${p.day}` : `${date} ${time}`;
  return zoneName || z !== zone ? `${text} ${abbreviation(at, z)}` : text;
}
