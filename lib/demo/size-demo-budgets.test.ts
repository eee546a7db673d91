import { describe, expect, it } from "vitest";
import { CreateBudgetBody } from "../budgets/schema";
import type { IngestEvent } from "../ingest/schema";
import { createSpendTally, DEMO_BUDGET_TEAM, heaviestUser, roundUsd, sizeDemoBudgets, tallySpend } from "./size-demo-budgets";

const DAY = 86_400_000;
const monthStart = Date.UTC(2026, 10, 1);
const spend = (at: number, userId: string, team: string, tool: string, costUsd: number): IngestEvent =>
  ({ id: "00000000-0000-4000-8000-000000000000", timestamp: new Date(at).toISOString(), userId, team, server: "s", tool, status: "ok", costUsd }) as IngestEvent;

describe("roundUsd", () => {
  it("keeps two significant digits, at least a cent", () => {
    expect([11.47, 0.563, 514, 5.04, 1.5, 0.0123, 0.004, 0].map(roundUsd)).toEqual(["11", "0.56", "510", "5", "1.5", "0.012", "0.01", "0.01"]);
  });
});

describe("sizeDemoBudgets", () => {
  // 30 days of history ending on the 16th: the support team spends $2 a day, the data team $1 a day plus
  // $50 of run_query on the 10th; ana spends $0.40 on most days, bo $0.10.
  const t = createSpendTally({ monthStart, historyDays: 30 });
  for (let d = -15; d < 15; d++) {
    const at = monthStart + d * DAY + 12 * 3_600_000;
    tallySpend(t, spend(at, "ana@acme.example", DEMO_BUDGET_TEAM, "complete", 2));
    tallySpend(t, spend(at, "bo@acme.example", "data", "run_query", 1));
    if (d === 9) tallySpend(t, spend(at, "bo@acme.example", "data", "run_query", 50));
  }
  const { monthly, daily } = sizeDemoBudgets(t);
  const byScope = Object.fromEntries([...monthly, ...daily].map((b) => [b.scope, b]));

  it("sizes the team budget so this month's spend uses about 55 % of it", () => {
    expect(byScope.team).toMatchObject({ scope: "team", scopeValue: DEMO_BUDGET_TEAM, period: "month", mode: "hard" });
    expect(30 / Number(byScope.team.limitUsd)).toBeGreaterThan(0.5);
    expect(30 / Number(byScope.team.limitUsd)).toBeLessThan(0.6);
  });

  it("sizes the tool budget at about 35 % used, the global soft budget at a month and a fifth of usual spend", () => {
    expect(byScope.tool).toMatchObject({ scopeValue: "run_query", mode: "hard", period: "month" });
    expect(65 / Number(byScope.tool.limitUsd)).toBeCloseTo(0.35, 1);
    expect(byScope.global).toMatchObject({ mode: "soft", period: "month", limitUsd: roundUsd(1.2 * (60 + 30 + 50)) });
  });

  it("gives the heaviest user a daily budget of one and a half usual days", () => {
    expect(heaviestUser(t)).toEqual({ userId: "ana@acme.example", medianDayUsd: 2 });
    expect(byScope.user).toMatchObject({ scopeValue: "ana@acme.example", period: "day", mode: "hard", limitUsd: "3" });
  });

  it("on the first day of a month, a monthly budget is at least three usual days", () => {
    const early = createSpendTally({ monthStart, historyDays: 30 });
    for (let d = -29; d <= 0; d++) tallySpend(early, spend(monthStart + d * DAY + 3_600_000, "ana@acme.example", DEMO_BUDGET_TEAM, "complete", 2));
    expect(sizeDemoBudgets(early).monthly.find((b) => b.scope === "team")!.limitUsd).toBe("6");
  });

  it("every budget is a valid POST /api/budgets body", () => {
    for (const b of [...monthly, ...daily]) expect(() => CreateBudgetBody.parse(b)).not.toThrow();
  });
});
