import type { ViewRange } from "./schema";

/**
 * How a checked view query's time window restores: from/to are those instants (absolute), a preset is
 * relative to the moment the view is applied, and no range is the page's default, the last 24 h. Pure.
 */
export function viewRangeOf(query: Record<string, string>): ViewRange {
  if (query.from && query.to) return { kind: "absolute", from: query.from, to: query.to };
  const r = query.range;
  return { kind: "relative", range: r === "15m" || r === "1h" || r === "7d" || r === "30d" ? r : "24h" };
}
