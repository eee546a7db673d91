import "server-only";
import { db } from "../db";

export interface BudgetScopeOptions {
  gateways: { id: string; name: string }[];
  teams: string[];
  servers: string[];
  tools: string[];
}

/**
 * Suggestions for the budget form's scope value: the gateways (a manager may not see the gateways page),
 * and the teams, servers and tools seen in the last 30 days of rollups or on users.
 */
export async function findBudgetScopeOptions(): Promise<BudgetScopeOptions> {
  const since = new Date(Date.now() - 30 * 86_400_000);
  const [gateways, teams, names] = await Promise.all([
    db().gateway.findMany({ select: { id: true, name: true }, orderBy: { name: "asc" }, take: 500 }),
    db().$queryRaw<{ team: string }[]>`
      SELECT team FROM (
        SELECT DISTINCT team FROM users WHERE team IS NOT NULL AND team <> ''
        UNION
        SELECT DISTINCT team FROM rollup_user_day WHERE day >= ${since.toISOString().slice(0, 10)}::date AND team <> ''
      ) t ORDER BY team LIMIT 500`,
    db().$queryRaw<{ kind: "server" | "tool"; name: string }[]>`
      (SELECT DISTINCT 'server' AS kind, server AS name FROM rollup_hour WHERE bucket >= ${since} LIMIT 500)
      UNION ALL
      (SELECT DISTINCT 'tool' AS kind, tool AS name FROM rollup_hour WHERE bucket >= ${since} LIMIT 500)`,
  ]);
  return {
    gateways,
    teams: teams.map((t) => t.team),
    servers: names.filter((n) => n.kind === "server").map((n) => n.name).sort(),
    tools: names.filter((n) => n.kind === "tool").map((n) => n.name).sort(),
  };
}
