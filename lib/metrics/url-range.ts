import { MAX_RANGE_SECONDS, RANGE_KEYS, type RangeKey } from "./time-window";

// The time range a page reads from its URL, honoured exactly or explained. A link that carries `from` and
// `to` means that absolute window, whether or not it also says `range=custom`; whatever part of the URL a
// page cannot use is named in `problems` (shown on the page), never silently replaced by the default.
// Pure and isomorphic; unit-tested (url-range.test.ts).

export interface UrlRange {
  range: RangeKey;
  /** ISO timestamps, only for range "custom". */
  from?: string;
  to?: string;
  /** What in the URL was not honoured, and what is shown instead (plain sentences). */
  problems: string[];
}

const LABELS: Record<Exclude<RangeKey, "custom">, string> = { "15m": "the last 15 minutes", "1h": "the last hour", "24h": "the last 24 hours", "7d": "the last 7 days", "30d": "the last 30 days" };

const validIso = (s: string | undefined) => s !== undefined && /^\d{4}-\d{2}-\d{2}T/.test(s) && Number.isFinite(Date.parse(s));

export function parseUrlRange(url: { range?: string; from?: string; to?: string }, fallback: Exclude<RangeKey, "custom"> = "24h"): UrlRange {
  const problems: string[] = [];
  const known = url.range === undefined || (RANGE_KEYS as readonly string[]).includes(url.range);
  if (!known) problems.push(`The link's range “${url.range}” is not one this page knows.`);
  const preset = known && url.range !== undefined && url.range !== "custom" ? (url.range as Exclude<RangeKey, "custom">) : null;
  const hasAbsolute = url.from !== undefined || url.to !== undefined;

  if (hasAbsolute) {
    const from = url.from;
    const to = url.to;
    let why: string | null = null;
    if (from === undefined || to === undefined) why = `it gives ${from === undefined ? "“to”" : "“from”"} without ${from === undefined ? "“from”" : "“to”"}`;
    else if (!validIso(from) || !validIso(to)) why = "“from” and “to” must be ISO timestamps";
    else if (Date.parse(to) <= Date.parse(from)) why = "“from” must be before “to”";
    else if (Date.parse(to) - Date.parse(from) > MAX_RANGE_SECONDS * 1000) why = "the window is longer than 400 days";
    if (!why) {
      if (preset) problems.push(`The link gives both range “${preset}” and from/to; the from/to window is shown.`);
      return { range: "custom", from: new Date(from!).toISOString(), to: new Date(to!).toISOString(), problems };
    }
    problems.push(`The link's time window could not be used: ${why}.`);
  } else if (url.range === "custom") {
    problems.push("The link asks for a custom range but gives no “from” and “to”.");
  }
  const shown = preset ?? fallback;
  if (problems.length) problems.push(`Showing ${LABELS[shown]} instead.`);
  return { range: shown, problems };
}
