import { PRESET_SECONDS, RANGE_KEYS, type RangeKey } from "../metrics/time-window";

// "Copy link with absolute time": a link whose range is relative ("last 24 h") shows something else to
// whoever opens it later. This turns the page's URL into one with range=custom&from&to fixed at `now` —
// the window the sender was looking at. Links that are already absolute are kept as they are; every other
// parameter (filters, the open event) is kept. Pure and isomorphic (unit-tested).

export function toAbsoluteLink(href: string, now: Date): string {
  const url = new URL(href);
  const p = url.searchParams;
  const from = p.get("from");
  const to = p.get("to");
  if (from && to) {
    p.set("range", "custom");
    return url.toString();
  }
  const asked = p.get("range");
  const preset = (asked && (RANGE_KEYS as readonly string[]).includes(asked) && asked !== "custom" ? asked : "24h") as Exclude<RangeKey, "custom">;
  p.set("range", "custom");
  p.set("from", new Date(now.getTime() - PRESET_SECONDS[preset] * 1000).toISOString());
  p.set("to", now.toISOString());
  p.delete("live");
  return url.toString();
}
