// The subjects a detector can be about. Tool, server, team and gateway series come from the minute and
// hour rollups; user series from the per-user daily rollup (see track-user-activity.ts).
export const DIMENSIONS = ["tool", "server", "team", "gateway", "user"] as const;
export type Dimension = (typeof DIMENSIONS)[number];

export const ROLLUP_DIMENSIONS = ["tool", "server", "team", "gateway"] as const satisfies readonly Dimension[];
export type RollupDimension = (typeof ROLLUP_DIMENSIONS)[number];

/** One row key of rollup_minute / rollup_hour. */
export interface Combo {
  gatewayId: string;
  server: string;
  tool: string;
  team: string;
}

/** The value of a dimension for a rollup row (teamless rows have no team series). */
export function dimensionValue(c: Combo, d: RollupDimension): string | null {
  switch (d) {
    case "tool":
      return c.tool;
    case "server":
      return c.server;
    case "team":
      return c.team === "" ? null : c.team;
    case "gateway":
      return c.gatewayId;
  }
}

export const seriesKey = (d: Dimension | "all", value: string) => `${d}\u0000${value}`;

export function splitSeriesKey(key: string): { dimension: Dimension | "all"; value: string } {
  const i = key.indexOf("\u0000");
  return { dimension: key.slice(0, i) as Dimension | "all", value: key.slice(i + 1) };
}
