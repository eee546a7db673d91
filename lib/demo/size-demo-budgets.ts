// The demo's budgets, sized from what the seeded history spends (pure: unit-tested, and used by
// lib/demo/seed-demo.ts, which tallies the history as it goes through it once before creating them).

import type { CreateBudgetInput } from "../budgets/schema";
import type { IngestEvent } from "../ingest/schema";

const DAY_MS = 86_400_000;

/** The team with a monthly hard budget, and the tool with a monthly hard budget. */
export const DEMO_BUDGET_TEAM = "support";
export const DEMO_BUDGET_TOOL = "run_query";

/** Share of the team budget the seeded month-to-date spend uses (the tool budget: less). */
const TEAM_TARGET = 0.55;
const TOOL_TARGET = 0.35;

/** What the seeded history spends: this month (from `monthStart`) and over the whole history. */
export interface DemoSpendTally {
  monthStart: number;
  historyDays: number;
  month: { org: number; team: Map<string, number>; tool: Map<string, number> };
  all: { org: number; team: Map<string, number>; tool: Map<string, number> };
  /** Spend per user and UTC day (day number since the epoch). */
  userDays: Map<string, Map<number, number>>;
}

export function createSpendTally(opts: { monthStart: number; historyDays: number }): DemoSpendTally {
  return {
    monthStart: opts.monthStart,
    historyDays: opts.historyDays,
    month: { org: 0, team: new Map(), tool: new Map() },
    all: { org: 0, team: new Map(), tool: new Map() },
    userDays: new Map(),
  };
}

const add = (m: Map<string | number, number>, k: string | number, v: number) => m.set(k, (m.get(k) ?? 0) + v);

export function tallySpend(t: DemoSpendTally, e: IngestEvent): void {
  const cost = e.costUsd ?? 0;
  if (cost <= 0) return;
  const ts = Date.parse(e.timestamp);
  const scopes = ts >= t.monthStart ? [t.all, t.month] : [t.all];
  for (const s of scopes) {
    s.org += cost;
    if (e.team) add(s.team, e.team, cost);
    add(s.tool, e.tool, cost);
  }
  let days = t.userDays.get(e.userId);
  if (!days) t.userDays.set(e.userId, (days = new Map()));
  add(days, Math.floor(ts / DAY_MS), cost);
}

/** Two significant digits: $11.47 → "11", $0.563 → "0.56", $514 → "510" (at least one cent). */
export function roundUsd(x: number): string {
  if (!(x > 0.01)) return "0.01";
  const step = 10 ** (Math.floor(Math.log10(x)) - 1);
  const decimals = Math.max(0, -Math.round(Math.log10(step)));
  return (Math.round(x / step) * step).toFixed(decimals).replace(/\.0+$/, "");
}

function median(values: number[]): number {
  const v = [...values].sort((a, b) => a - b);
  return v.length ? v[Math.floor(v.length / 2)] : 0;
}

/** The user with the highest median daily spend (over the days they spent anything), and that median. */
export function heaviestUser(t: DemoSpendTally): { userId: string; medianDayUsd: number } {
  let best = { userId: "", medianDayUsd: -1 };
  for (const [userId, days] of [...t.userDays].sort(([a], [b]) => a.localeCompare(b))) {
    const m = median([...days.values()]);
    if (m > best.medianDayUsd) best = { userId, medianDayUsd: m };
  }
  return best;
}

/**
 * The budgets for the tally, by the period they count from (the seed creates each just before the
 * history reaches its current period, so ingest counts that period's seeded spend):
 *  - monthly, hard, for the support team: its month-to-date spend uses ~55 % of it (but it is at least
 *    3 days of the team's usual spend, so on the 1st of a month it is not a few cents);
 *  - monthly, soft, for everybody: a month of the history's usual spend plus a fifth;
 *  - monthly, hard, for the Snowflake queries (tool run_query): ~35 % used, same floor as the team's;
 *  - daily, hard, for the heaviest user: one and a half of their usual (median) day.
 */
export function sizeDemoBudgets(t: DemoSpendTally): { monthly: CreateBudgetInput[]; daily: CreateBudgetInput[] } {
  const perDay = (usd: number) => usd / Math.max(1, t.historyDays);
  const sized = (monthToDate: number, whole: number, target: number) => roundUsd(Math.max(monthToDate / target, 3 * perDay(whole)));
  const heavy = heaviestUser(t);
  const monthly: CreateBudgetInput[] = [
    {
      name: "Support team",
      scope: "team",
      scopeValue: DEMO_BUDGET_TEAM,
      period: "month",
      mode: "hard",
      limitUsd: sized(t.month.team.get(DEMO_BUDGET_TEAM) ?? 0, t.all.team.get(DEMO_BUDGET_TEAM) ?? 0, TEAM_TARGET),
    },
    { name: "All of Acme", scope: "global", period: "month", mode: "soft", limitUsd: roundUsd(1.2 * 30 * perDay(t.all.org)) },
    {
      name: "Snowflake queries",
      scope: "tool",
      scopeValue: DEMO_BUDGET_TOOL,
      period: "month",
      mode: "hard",
      limitUsd: sized(t.month.tool.get(DEMO_BUDGET_TOOL) ?? 0, t.all.tool.get(DEMO_BUDGET_TOOL) ?? 0, TOOL_TARGET),
    },
  ];
  const daily: CreateBudgetInput[] = heavy.userId
    ? [{ name: `Daily cap for ${heavy.userId.split("@")[0]}`, scope: "user", scopeValue: heavy.userId, period: "day", mode: "hard", limitUsd: roundUsd(1.5 * heavy.medianDayUsd) }]
    : [];
  return { monthly, daily };
}
