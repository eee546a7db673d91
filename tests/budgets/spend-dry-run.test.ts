import { describe, expect, it } from "vitest";
import { db } from "../../lib/db";
import { AuthorizeSpendResponse, DRY_RUN_RESERVATION_ID } from "../../lib/budgets/schema";
import { uniq } from "../support/factories";
import { createTestGateway, gatewayApi } from "../support/gateways";
import { createTestBudget, currentPeriodRow } from "./budget-fixtures";

const authorize = async (apiKey: string, body: Record<string, unknown>) => {
  const res = await gatewayApi("/spend/authorize", apiKey, { body });
  expect(res.status, res.text).toBe(200);
  return AuthorizeSpendResponse.parse(res.json);
};

describe("POST /api/v1/spend/authorize with dryRun", () => {
  it("answers as a real authorization would — same shape, budgets after the call — and reserves nothing", async () => {
    const gw = await createTestGateway();
    const [user, team] = [uniq("user"), uniq("team")];
    const userBudget = await createTestBudget({ scope: "user", scopeValue: user, limitUsd: 10 });
    const teamBudget = await createTestBudget({ scope: "team", scopeValue: team, limitUsd: 8 });
    expect(await authorize(gw.apiKey, { userId: user, team, estimatedCostUsd: 3 })).toMatchObject({ allowed: true });

    const body = { userId: user, team, server: "github", tool: "create_issue", estimatedCostUsd: "2.5" };
    const dry = await authorize(gw.apiKey, { ...body, dryRun: true });
    const real = await authorize(gw.apiKey, body);
    expect(dry).toMatchObject({ allowed: true, dryRun: true, reservationId: DRY_RUN_RESERVATION_ID });
    expect(real.allowed && real.dryRun).toBeFalsy();
    if (!dry.allowed || !real.allowed) return;
    // The dry run saw exactly what the real authorization then did.
    expect(dry.budgets).toEqual(real.budgets);
    expect(dry.budgets.find((b) => b.id === userBudget.id)).toMatchObject({ reservedUsd: "5.5", remainingUsd: "4.5" });
    expect(dry.budgets.find((b) => b.id === teamBudget.id)).toMatchObject({ reservedUsd: "5.5", remainingUsd: "2.5" });

    // Many dry runs change nothing: the period rows hold only the two real reservations.
    await Promise.all(Array.from({ length: 10 }, () => authorize(gw.apiKey, { ...body, dryRun: true })));
    expect((await currentPeriodRow(userBudget.id)).reservedText).toBe("5.5");
    expect((await currentPeriodRow(teamBudget.id)).reservedText).toBe("5.5");
    expect(await db().reservation.count({ where: { userId: user } })).toBe(2);
    expect(await db().reservation.count({ where: { id: DRY_RUN_RESERVATION_ID } })).toBe(0);
    const release = await gatewayApi("/spend/release", gw.apiKey, { body: { reservationId: DRY_RUN_RESERVATION_ID } });
    expect(release.status).toBe(404);
  });

  it("a dry run that would not fit is refused naming the budget, like the real authorization", async () => {
    const gw = await createTestGateway();
    const [user, team] = [uniq("user"), uniq("team")];
    await createTestBudget({ scope: "user", scopeValue: user, limitUsd: 100 });
    const teamBudget = await createTestBudget({ scope: "team", scopeValue: team, limitUsd: 4, name: `team cap ${team}` });
    const dry = await authorize(gw.apiKey, { userId: user, team, estimatedCostUsd: 5, dryRun: true });
    const real = await authorize(gw.apiKey, { userId: user, team, estimatedCostUsd: 5 });
    expect(dry).toMatchObject({ allowed: false, dryRun: true, budget: { id: teamBudget.id, name: `team cap ${team}`, scope: "team", limitUsd: "4" } });
    expect(real).toMatchObject({ allowed: false, budget: { id: teamBudget.id } });
    if (dry.allowed || real.allowed) return;
    expect(dry.reason).toBe(real.reason);
    expect(dry.reason).toContain(`team cap ${team}`);
    expect(await db().reservation.count({ where: { userId: user } })).toBe(0);
  });

  it("a dry run on a budget whose period has no row yet creates the row and decides", async () => {
    const gw = await createTestGateway();
    const user = uniq("user");
    const budget = await createTestBudget({ scope: "user", scopeValue: user, limitUsd: 1, period: "week" });
    await db().budgetPeriod.deleteMany({ where: { budgetId: budget.id } });
    expect(await authorize(gw.apiKey, { userId: user, estimatedCostUsd: "0.75", dryRun: true })).toMatchObject({ allowed: true, dryRun: true });
    expect(await authorize(gw.apiKey, { userId: user, estimatedCostUsd: "1.5", dryRun: true })).toMatchObject({ allowed: false, budget: { id: budget.id } });
    expect((await currentPeriodRow(budget.id)).reservedText).toBe("0");
  });

  it("refuses a dryRun that is not a boolean, naming the field", async () => {
    const gw = await createTestGateway();
    const res = await gatewayApi("/spend/authorize", gw.apiKey, { body: { userId: "u", estimatedCostUsd: 1, dryRun: "yes" } });
    expect(res.status).toBe(400);
    expect(JSON.stringify(res.json.error.issues)).toContain("dryRun");
  });
});
