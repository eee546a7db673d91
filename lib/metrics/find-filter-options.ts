import "server-only";
import { Prisma } from "../generated/prisma/client";
import type { MetricsQuery } from "./schema";
import { queryRows, tableSql, timeRange } from "./rollup-sql";
import { windowFor } from "./window-for";

export interface FilterOptions {
  gateways: { id: string; name: string }[];
  servers: string[];
  tools: { server: string; tool: string }[];
  teams: string[];
  /** The 200 biggest spenders of the window (the user filter also accepts any other id). */
  users: string[];
}

/** Values for the overview's filter pickers: what occurs in the window's rollups (at least the last day). */
export async function findFilterOptions(q: MetricsQuery): Promise<FilterOptions> {
  const w = windowFor(q, { userDay: false });
  const from = new Date(Math.min(w.from.getTime(), w.to.getTime() - 86400_000));
  // Long windows read the day rollup; shorter ones the hour rollup of at least the last day.
  const table = w.source === "day" ? "day" : "hour";
  const unit = table === "day" ? 86400_000 : 3600_000;
  const [gateways, combos, users] = await Promise.all([
    queryRows<{ id: string; name: string }>(Prisma.sql`SELECT id::text AS id, name FROM gateways ORDER BY name`),
    queryRows<{ server: string; tool: string; team: string }>(Prisma.sql`
      SELECT DISTINCT server, tool, team FROM ${tableSql(table)} WHERE ${timeRange(table, new Date(Math.floor(from.getTime() / unit) * unit), w.to)}`),
    queryRows<{ user_id: string }>(Prisma.sql`
      SELECT user_id FROM rollup_user_day WHERE ${timeRange("user_day", from, w.to)}
      GROUP BY user_id ORDER BY sum(cost_usd) DESC, user_id LIMIT 200`),
  ]);
  const sorted = (xs: Iterable<string>) => [...new Set(xs)].sort((a, b) => a.localeCompare(b));
  const tools = new Map<string, { server: string; tool: string }>();
  for (const c of combos) tools.set(`${c.server}\u0000${c.tool}`, { server: c.server, tool: c.tool });
  return {
    gateways,
    servers: sorted(combos.map((c) => c.server)),
    tools: [...tools.values()].sort((a, b) => a.tool.localeCompare(b.tool) || a.server.localeCompare(b.server)),
    teams: sorted(combos.map((c) => c.team).filter((t) => t !== "")),
    users: users.map((u) => u.user_id),
  };
}
