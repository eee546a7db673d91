import { describe, expect, it } from "vitest";
import { db } from "../../lib/db";
import { expireReservations } from "../../lib/budgets/expire-reservations";
import { ALL_JOBS } from "../../lib/jobs/all-jobs";
import { AuthorizeSpendResponse, ReleaseSpendResponse } from "../../lib/budgets/schema";
import { ApiErrorResponse } from "../../lib/ingest/schema";
import { createSignedInUser, uniq } from "../support/factories";
import { createTestGateway, gatewayApi } from "../support/gateways";
import { api } from "../support/http";
import { createTestBudget, currentPeriodRow } from "./budget-fixtures";

const authorize = async (apiKey: string, body: Record<string, unknown>) => {
  const res = await gatewayApi("/spend/authorize", apiKey, { body });
  expect(res.status, res.text).toBe(200);
  return AuthorizeSpendResponse.parse(res.json);
};

describe("POST /api/v1/spend/authorize", () => {
  it("allows exactly 50 of 200 concurrent $1 authorizations against a hard budget with $50 left", async () => {
    const gw = await createTestGateway();
    const user = uniq("user");
    const budget = await createTestBudget({ scope: "user", scopeValue: user, limitUsd: 80 });
    const first = await authorize(gw.apiKey, { userId: user, estimatedCostUsd: 30 });
    expect(first.allowed).toBe(true);

    const results = await Promise.all(Array.from({ length: 200 }, () => authorize(gw.apiKey, { userId: user, estimatedCostUsd: 1 })));
    expect(results.filter((r) => r.allowed)).toHaveLength(50);
    const refused = results.find((r) => !r.allowed);
    expect(refused && !refused.allowed && refused.budget.id).toBe(budget.id);

    const row = await currentPeriodRow(budget.id);
    expect(row.reservedText).toBe("80");
    expect(await db().reservationLine.count({ where: { budgetPeriodId: row.id! } })).toBe(51);
  }, 120_000);

  it("reserves on the user's and the team's budgets, and refuses when either is exhausted", async () => {
    const gw = await createTestGateway();
    const [user, other, team] = [uniq("user"), uniq("user"), uniq("team")];
    const userBudget = await createTestBudget({ scope: "user", scopeValue: user, limitUsd: 5 });
    const teamBudget = await createTestBudget({ scope: "team", scopeValue: team, limitUsd: 8 });

    const ok = await authorize(gw.apiKey, { userId: user, team, estimatedCostUsd: "4.5" });
    expect(ok.allowed).toBe(true);
    if (!ok.allowed) return;
    expect(ok.budgets.map((b) => b.id).sort()).toEqual([userBudget.id, teamBudget.id].sort());
    expect(ok.budgets.find((b) => b.id === userBudget.id)?.remainingUsd).toBe("0.5");
    expect((await currentPeriodRow(userBudget.id)).reservedText).toBe("4.5");
    expect((await currentPeriodRow(teamBudget.id)).reservedText).toBe("4.5");

    // The user's budget is what refuses; nothing is reserved anywhere.
    const refusedByUser = await authorize(gw.apiKey, { userId: user, team, estimatedCostUsd: 1 });
    expect(refusedByUser).toMatchObject({ allowed: false, budget: { id: userBudget.id, scope: "user", limitUsd: "5", reservedUsd: "4.5" } });
    expect((await currentPeriodRow(teamBudget.id)).reservedText).toBe("4.5");

    // Another user of the team: the team budget refuses.
    const refusedByTeam = await authorize(gw.apiKey, { userId: other, team, estimatedCostUsd: 4 });
    expect(refusedByTeam).toMatchObject({ allowed: false, budget: { id: teamBudget.id, scope: "team" } });
    expect(await authorize(gw.apiKey, { userId: other, team, estimatedCostUsd: "3.5" })).toMatchObject({ allowed: true });
    expect((await currentPeriodRow(teamBudget.id)).reservedText).toBe("8");
  });

  it("applies tool, server and gateway budgets only to calls they name", async () => {
    const gw = await createTestGateway();
    const tool = uniq("tool");
    const toolBudget = await createTestBudget({ scope: "tool", scopeValue: tool, limitUsd: 1 });
    const gwBudget = await createTestBudget({ scope: "gateway", scopeValue: gw.gatewayId, limitUsd: 100 });
    const user = uniq("user");
    const r = await authorize(gw.apiKey, { userId: user, server: "s", tool, estimatedCostUsd: 1 });
    expect(r.allowed && r.budgets.map((b) => b.id).sort()).toEqual([toolBudget.id, gwBudget.id].sort());
    expect(await authorize(gw.apiKey, { userId: user, server: "s", tool, estimatedCostUsd: 1 })).toMatchObject({ allowed: false, budget: { id: toolBudget.id } });
    expect(await authorize(gw.apiKey, { userId: user, server: "s", tool: uniq("other"), estimatedCostUsd: 1 })).toMatchObject({ allowed: true });
  });

  it("never blocks on a soft budget", async () => {
    const gw = await createTestGateway();
    const user = uniq("user");
    const soft = await createTestBudget({ scope: "user", scopeValue: user, limitUsd: 1, mode: "soft" });
    const results = await Promise.all(Array.from({ length: 10 }, () => authorize(gw.apiKey, { userId: user, estimatedCostUsd: 1 })));
    expect(results.every((r) => r.allowed)).toBe(true);
    expect((await currentPeriodRow(soft.id)).reservedText).toBe("10");
  });

  it("uses an edited limit for the very next authorization", async () => {
    const gw = await createTestGateway();
    const manager = await createSignedInUser({ roles: ["manager"] });
    const user = uniq("user");
    const budget = await createTestBudget({ scope: "user", scopeValue: user, limitUsd: 10 });
    expect(await authorize(gw.apiKey, { userId: user, estimatedCostUsd: 8 })).toMatchObject({ allowed: true });

    expect((await api(`/api/budgets/${budget.id}`, { session: manager, method: "PATCH", body: { limitUsd: 5 } })).status).toBe(200);
    expect(await authorize(gw.apiKey, { userId: user, estimatedCostUsd: 0.01 })).toMatchObject({ allowed: false, budget: { limitUsd: "5" } });

    expect((await api(`/api/budgets/${budget.id}`, { session: manager, method: "PATCH", body: { limitUsd: "20" } })).status).toBe(200);
    expect(await authorize(gw.apiKey, { userId: user, estimatedCostUsd: 12 })).toMatchObject({ allowed: true });
    expect(await authorize(gw.apiKey, { userId: user, estimatedCostUsd: 0.01 })).toMatchObject({ allowed: false });
  });

  it("allows a call no budget applies to, with a reservation that can be released", async () => {
    const gw = await createTestGateway();
    const r = await authorize(gw.apiKey, { userId: uniq("user"), estimatedCostUsd: 3 });
    expect(r).toMatchObject({ allowed: true, budgets: [] });
  });

  it("answers 400 naming every bad field, 401 without a key and 403 without the spend:write scope", async () => {
    const gw = await createTestGateway();
    const bad = await gatewayApi("/spend/authorize", gw.apiKey, { body: { userId: "", estimatedCostUsd: "1.1234567", extra: 1 } });
    expect(bad.status).toBe(400);
    const paths = ApiErrorResponse.parse(bad.json).error.issues!.map((i) => i.path);
    expect(paths).toEqual(expect.arrayContaining(["userId", "estimatedCostUsd"]));
    expect((await gatewayApi("/spend/authorize", gw.apiKey, { body: { userId: "u", estimatedCostUsd: -1 } })).status).toBe(400);
    expect((await gatewayApi("/spend/authorize", null, { body: { userId: "u", estimatedCostUsd: 1 } })).status).toBe(401);
    const readOnly = await createTestGateway({ scopes: ["events:write"] });
    expect((await gatewayApi("/spend/authorize", readOnly.apiKey, { body: { userId: "u", estimatedCostUsd: 1 } })).status).toBe(403);
  });
});

describe("POST /api/v1/spend/release", () => {
  it("frees the reservation once, answers the same again, and treats another gateway's reservation as not found", async () => {
    const gw = await createTestGateway();
    const stranger = await createTestGateway();
    const user = uniq("user");
    const budget = await createTestBudget({ scope: "user", scopeValue: user, limitUsd: 2 });
    const r = await authorize(gw.apiKey, { userId: user, estimatedCostUsd: 2 });
    if (!r.allowed) throw new Error("expected allowed");
    expect(await authorize(gw.apiKey, { userId: user, estimatedCostUsd: 1 })).toMatchObject({ allowed: false });

    const foreign = await gatewayApi("/spend/release", stranger.apiKey, { body: { reservationId: r.reservationId } });
    expect(foreign.status).toBe(404);
    expect((await currentPeriodRow(budget.id)).reservedText).toBe("2");

    const first = await gatewayApi("/spend/release", gw.apiKey, { body: { reservationId: r.reservationId } });
    expect(ReleaseSpendResponse.parse(first.json)).toEqual({ reservationId: r.reservationId, released: true, status: "released" });
    const again = await gatewayApi("/spend/release", gw.apiKey, { body: { reservationId: r.reservationId } });
    expect(ReleaseSpendResponse.parse(again.json)).toEqual({ reservationId: r.reservationId, released: false, status: "released" });
    expect((await currentPeriodRow(budget.id)).reservedText).toBe("0");
    expect(await authorize(gw.apiKey, { userId: user, estimatedCostUsd: 2 })).toMatchObject({ allowed: true });
  });

  it("releases concurrently exactly once", async () => {
    const gw = await createTestGateway();
    const user = uniq("user");
    const budget = await createTestBudget({ scope: "user", scopeValue: user, limitUsd: 10 });
    const r = await authorize(gw.apiKey, { userId: user, estimatedCostUsd: 7 });
    if (!r.allowed) throw new Error("expected allowed");
    const all = await Promise.all(Array.from({ length: 20 }, () => gatewayApi("/spend/release", gw.apiKey, { body: { reservationId: r.reservationId } })));
    expect(all.filter((x) => x.json.released === true)).toHaveLength(1);
    expect((await currentPeriodRow(budget.id)).reservedText).toBe("0");
  });
});

describe("reservation expiry", () => {
  it("the sweep releases expired reservations (and is a scheduled job)", async () => {
    expect(ALL_JOBS.find((j) => j.id === "budgets.expire-reservations")?.schedule).toBe("* * * * *");
    const gw = await createTestGateway();
    const user = uniq("user");
    const budget = await createTestBudget({ scope: "user", scopeValue: user, limitUsd: 10 });
    const r = await authorize(gw.apiKey, { userId: user, estimatedCostUsd: 6, ttlSeconds: 30 });
    if (!r.allowed) throw new Error("expected allowed");
    await db().reservation.update({ where: { id: r.reservationId }, data: { expiresAt: new Date(Date.now() - 1000) } });
    await expireReservations();
    expect((await db().reservation.findUniqueOrThrow({ where: { id: r.reservationId } })).status).toBe("expired");
    expect((await currentPeriodRow(budget.id)).reservedText).toBe("0");
    const release = await gatewayApi("/spend/release", gw.apiKey, { body: { reservationId: r.reservationId } });
    expect(release.json).toEqual({ reservationId: r.reservationId, released: false, status: "expired" });
  });

  it("an authorization about to be refused first frees expired holds", async () => {
    const gw = await createTestGateway();
    const user = uniq("user");
    await createTestBudget({ scope: "user", scopeValue: user, limitUsd: 1 });
    const stale = await authorize(gw.apiKey, { userId: user, estimatedCostUsd: 1, ttlSeconds: 30 });
    if (!stale.allowed) throw new Error("expected allowed");
    await db().reservation.update({ where: { id: stale.reservationId }, data: { expiresAt: new Date(Date.now() - 1000) } });
    expect(await authorize(gw.apiKey, { userId: user, estimatedCostUsd: 1 })).toMatchObject({ allowed: true });
  });
});
