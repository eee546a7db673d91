import { describe, expect, it } from "vitest";
import { db } from "../../lib/db";
import { BudgetPolicyEntry } from "../../lib/budgets/schema";
import { createSignedInUser, uniq } from "../support/factories";
import { createTestGateway, gatewayApi } from "../support/gateways";
import { api } from "../support/http";
import { createTestBudget, currentPeriodRow, spendEvent } from "./budget-fixtures";

describe("dashboard budgets API", () => {
  it("POST /api/budgets creates a budget for a manager (audited), refuses a viewer and names every bad field", async () => {
    const manager = await createSignedInUser({ roles: ["manager"] });
    const viewer = await createSignedInUser({ roles: ["viewer"] });
    const team = uniq("team");
    const body = { name: "Team spend", scope: "team", scopeValue: team, period: "month", limitUsd: "250.5", mode: "hard", thresholds: [80, 50, 100, 80] };
    const created = await api("/api/budgets", { session: manager, method: "POST", body });
    expect(created.status, created.text).toBe(201);
    expect(created.json.budget).toMatchObject({ name: "Team spend", scope: "team", scopeValue: team, limitUsd: "250.5", thresholds: [50, 80, 100], hasWebhookSecret: false });
    const audit = await db().auditLog.findFirst({ where: { targetType: "budget", targetId: created.json.budget.id } });
    expect(audit).toMatchObject({ action: "budget.create", actorEmail: manager.email });

    expect((await api("/api/budgets", { session: viewer, method: "POST", body })).status).toBe(403);
    const bad = await api("/api/budgets", { session: manager, method: "POST", body: { name: "", scope: "team", period: "year", limitUsd: -3 } });
    expect(bad.status).toBe(400);
    expect(bad.json.error.issues.map((i: { path: string }) => i.path)).toEqual(expect.arrayContaining(["name", "period", "limitUsd"]));
    const noValue = await api("/api/budgets", { session: manager, method: "POST", body: { name: "x", scope: "user", period: "day", limitUsd: 1 } });
    expect(noValue.json.error.issues).toEqual([expect.objectContaining({ path: "scopeValue" })]);
    const badHook = await api("/api/budgets", { session: manager, method: "POST", body: { ...body, webhookUrl: "http://10.1.2.3/hook" } });
    expect(badHook.status).toBe(400);
    expect(badHook.json.error.issues[0].path).toBe("webhookUrl");
  });

  it("GET /api/budgets/{id} shows state, forecast, daily spend, top spenders and who changed it", async () => {
    const manager = await createSignedInUser({ roles: ["manager"] });
    const gw = await createTestGateway();
    const team = uniq("team");
    const [alice, bob] = [uniq("alice"), uniq("bob")];
    const created = await api("/api/budgets", { session: manager, method: "POST", body: { name: "t", scope: "team", scopeValue: team, period: "week", limitUsd: 100 } });
    const id = created.json.budget.id;
    await gatewayApi("/events", gw.apiKey, {
      body: { events: [spendEvent({ userId: alice, team, costUsd: 12 }), spendEvent({ userId: bob, team, costUsd: 3 }), spendEvent({ userId: alice, team, costUsd: 1 })] },
    });
    await api(`/api/budgets/${id}`, { session: manager, method: "PATCH", body: { limitUsd: 80, name: "Team weekly" } });

    const res = await api(`/api/budgets/${id}`, { session: manager });
    expect(res.status).toBe(200);
    const d = res.json;
    expect(d.budget).toMatchObject({ name: "Team weekly", limitUsd: "80", current: { spentUsd: "16", reservedUsd: "0" } });
    expect(d.budget.usage.usedPercent).toBeCloseTo(20);
    expect(d.budget.usage.burnRatePerDayUsd).toBeGreaterThan(0);
    expect(d.daily.rows).toHaveLength(7);
    expect(d.daily.rows.reduce((s: number, r: { spendUsd: number | null }) => s + (r.spendUsd ?? 0), 0)).toBeCloseTo(16);
    expect(d.topSpenders).toEqual({ by: "user", rows: [expect.objectContaining({ key: alice, costUsd: 13 }), expect.objectContaining({ key: bob, costUsd: 3 })] });
    expect(d.history.map((h: { action: string }) => h.action)).toEqual(["budget.update", "budget.create"]);
    expect(d.history[0]).toMatchObject({ actorEmail: manager.email, before: { limitUsd: "100", name: "t" }, after: { limitUsd: "80", name: "Team weekly" } });

    const list = await api("/api/budgets", { session: manager });
    expect(list.json.budgets.find((b: { id: string }) => b.id === id)).toMatchObject({ current: { spentUsd: "16" } });
    const viewer = await createSignedInUser({ roles: ["viewer"] });
    expect((await api(`/api/budgets/${id}`, { session: viewer })).status).toBe(403);
    expect((await api(`/api/budgets/${crypto.randomUUID()}`, { session: manager })).status).toBe(404);
  });

  it("lowering a limit below what was spent raises the thresholds it now passes, at once", async () => {
    const manager = await createSignedInUser({ roles: ["manager"] });
    const gw = await createTestGateway();
    const user = uniq("user");
    const budget = await createTestBudget({ scope: "user", scopeValue: user, limitUsd: 100 });
    await gatewayApi("/events", gw.apiKey, { body: { events: [spendEvent({ userId: user, costUsd: 9 })] } });
    expect((await currentPeriodRow(budget.id)).alerted).toEqual([]);
    const res = await api(`/api/budgets/${budget.id}`, { session: manager, method: "PATCH", body: { limitUsd: 10 } });
    expect(res.status).toBe(200);
    expect(res.json.budget.usage.blocking).toBe(false);
    expect((await currentPeriodRow(budget.id)).alerted).toEqual([50, 80]);
    const alerts = await db().alert.findMany({ where: { source: "budget", subjectValue: budget.id } });
    expect(alerts.map((a) => a.baseline).sort()).toEqual([50, 80]);
  });

  it("DELETE /api/budgets/{id} archives: the budget stops applying at once and keeps its history", async () => {
    const manager = await createSignedInUser({ roles: ["manager"] });
    const gw = await createTestGateway();
    const user = uniq("user");
    const budget = await createTestBudget({ scope: "user", scopeValue: user, limitUsd: 1 });
    const refused = await gatewayApi("/spend/authorize", gw.apiKey, { body: { userId: user, estimatedCostUsd: 2 } });
    expect(refused.json.allowed).toBe(false);
    expect((await api(`/api/budgets/${budget.id}`, { session: manager, method: "DELETE" })).status).toBe(200);
    expect((await gatewayApi("/spend/authorize", gw.apiKey, { body: { userId: user, estimatedCostUsd: 2 } })).json.allowed).toBe(true);
    expect((await api(`/api/budgets/${budget.id}`, { session: manager, method: "DELETE" })).status).toBe(404);
    expect((await api(`/api/budgets/${budget.id}`, { session: manager, method: "PATCH", body: { limitUsd: 5 } })).status).toBe(404);
    const detail = await api(`/api/budgets/${budget.id}`, { session: manager });
    expect(detail.json.budget.archived).toBe(true);
    expect(detail.json.history[0]).toMatchObject({ action: "budget.archive" });
  });

  it("GET /api/v1/policy lists the budgets' state with the per-call approval threshold and blocking flag", async () => {
    const gw = await createTestGateway();
    const other = await createTestGateway();
    const user = uniq("user");
    const userBudget = await createTestBudget({ scope: "user", scopeValue: user, limitUsd: 2, approvalAboveUsd: "0.75" });
    const mine = await createTestBudget({ scope: "gateway", scopeValue: gw.gatewayId, limitUsd: 50 });
    const theirs = await createTestBudget({ scope: "gateway", scopeValue: other.gatewayId, limitUsd: 50 });
    await gatewayApi("/spend/authorize", gw.apiKey, { body: { userId: user, estimatedCostUsd: 2 } });
    const res = await gatewayApi("/policy", gw.apiKey);
    expect(res.status).toBe(200);
    const budgets = BudgetPolicyEntry.array().parse(res.json.budgets);
    expect(budgets.find((b) => b.id === userBudget.id)).toMatchObject({ approvalAboveUsd: "0.75", reservedUsd: "2", remainingUsd: "0", blocking: true });
    expect(budgets.find((b) => b.id === mine.id)).toMatchObject({ blocking: false, limitUsd: "50" });
    expect(budgets.find((b) => b.id === theirs.id)).toBeUndefined();
  });
});
