import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { authorizeSpend } from "../../lib/budgets/authorize-spend";
import { AuthorizeSpendBody, AuthorizeSpendResponse } from "../../lib/budgets/schema";
import { closeDb, db } from "../../lib/db";
import { createGateway } from "../../lib/gateways/create-gateway";
import { uniq } from "../support/factories";
import { createScratchDatabase } from "../support/scratch-db";
import { createTestBudget, currentPeriodRow } from "./budget-fixtures";

// Group authorization: the authorizations that reach one process together are decided by one statement,
// in arrival order, each seeing the reservations of the earlier ones. Over HTTP nobody can say which
// requests share a statement, so these tests call authorizeSpend in this process: calls made in the same
// tick are one group (reservations made by one statement share its transaction's created_at, which the
// tests check). The HTTP contract, and races between processes, are tested in spend-authorize and
// spend-concurrency. A database of their own: no other file's expired holds can send a refused call
// back for a second decision (which would reorder it).

let scratch: Awaited<ReturnType<typeof createScratchDatabase>>;
let gatewayId: string;

beforeAll(async () => {
  scratch = await createScratchDatabase();
  process.env.DATABASE_URL = scratch.url;
  gatewayId = (await createGateway({ input: { name: "group" }, actor: { email: "tests" } })).gatewayId;
});

afterAll(async () => {
  await closeDb();
  await scratch?.drop();
});

/** Authorizes every body in one tick (one group), each result parsed with the API's schema. */
function together(bodies: Record<string, unknown>[]) {
  return Promise.all(bodies.map(async (b) => AuthorizeSpendResponse.parse(await authorizeSpend({ gatewayId, input: AuthorizeSpendBody.parse(b) }))));
}

async function statementsOf(results: AuthorizeSpendResponse[]): Promise<number> {
  const ids = results.flatMap((r) => (r.allowed ? [r.reservationId] : []));
  const rows = await db().reservation.findMany({ where: { id: { in: ids } }, select: { createdAt: true } });
  expect(rows).toHaveLength(ids.length);
  return new Set(rows.map((r) => r.createdAt.getTime())).size;
}

const budgetOf = (r: AuthorizeSpendResponse, id: string) => (r.allowed ? r.budgets.find((b) => b.id === id) : undefined);

describe("group authorization", () => {
  it("decides a group in arrival order: a call refused by its user budget takes no room from its team budget", async () => {
    const [team, capped, a, b] = [uniq("team"), uniq("user"), uniq("user"), uniq("user")];
    const teamBudget = await createTestBudget({ scope: "team", scopeValue: team, limitUsd: 6 });
    const userBudget = await createTestBudget({ scope: "user", scopeValue: capped, limitUsd: 1 });
    // Period rows first, so that the group below is decided by its first statement.
    expect(await together([{ userId: capped, team, estimatedCostUsd: 0 }])).toMatchObject([{ allowed: true }]);

    const results = await together([
      { userId: capped, team, estimatedCostUsd: 2 }, // over the user's $1: refused, reserves nothing on the team
      { userId: a, team, estimatedCostUsd: 5 }, // fits the team's $6 only because the first took nothing
      { userId: b, team, estimatedCostUsd: 1 }, // the team's last dollar
      { userId: b, team, estimatedCostUsd: "0.01" }, // nothing left on the team
      { userId: uniq("user"), estimatedCostUsd: 3 }, // under no budget
    ]);
    expect(results.map((r) => r.allowed)).toEqual([false, true, true, false, true]);
    expect(results[0]).toMatchObject({ allowed: false, budget: { id: userBudget.id, reservedUsd: "0" } });
    // Each allowed call sees the team after its own reservation, the earlier ones of the group included.
    expect(budgetOf(results[1], teamBudget.id)).toMatchObject({ reservedUsd: "5", remainingUsd: "1" });
    expect(budgetOf(results[2], teamBudget.id)).toMatchObject({ reservedUsd: "6", remainingUsd: "0" });
    expect(results[3]).toMatchObject({ allowed: false, budget: { id: teamBudget.id, limitUsd: "6", reservedUsd: "6" } });
    expect(results[3].allowed === false && results[3].reason).toContain("reserved $6, this call $0.01");
    expect(await statementsOf(results)).toBe(1);

    expect((await currentPeriodRow(teamBudget.id)).reservedText).toBe("6");
    expect((await currentPeriodRow(userBudget.id)).reservedText).toBe("0");
  });

  it("mixes hard and soft budgets in a group: soft ones never refuse and count every allowed call, refused ones add nothing", async () => {
    const [team, u, v] = [uniq("team"), uniq("user"), uniq("user")];
    const soft = await createTestBudget({ scope: "team", scopeValue: team, limitUsd: 2, mode: "soft" });
    const hard = await createTestBudget({ scope: "user", scopeValue: u, limitUsd: 3 });
    await together([{ userId: u, team, estimatedCostUsd: 0 }]);

    const results = await together([
      { userId: u, team, estimatedCostUsd: 2 }, // fits both
      { userId: u, team, estimatedCostUsd: 2 }, // the user's hard $3 refuses; the soft team is not charged
      { userId: u, team, estimatedCostUsd: 1 }, // the user's last dollar; the soft team goes past its limit
      { userId: v, team, estimatedCostUsd: 5 }, // soft only: allowed
    ]);
    expect(results.map((r) => r.allowed)).toEqual([true, false, true, true]);
    expect(results[1]).toMatchObject({ allowed: false, budget: { id: hard.id, reservedUsd: "2" } });
    expect(budgetOf(results[2], soft.id)).toMatchObject({ mode: "soft", reservedUsd: "3", remainingUsd: "0" });
    expect(budgetOf(results[2], hard.id)).toMatchObject({ mode: "hard", reservedUsd: "3", remainingUsd: "0" });
    expect(budgetOf(results[3], soft.id)).toMatchObject({ reservedUsd: "8" });
    expect(await statementsOf(results)).toBe(1);
    expect((await currentPeriodRow(soft.id)).reservedText).toBe("8");
    expect((await currentPeriodRow(hard.id)).reservedText).toBe("3");
  });

  it("creates missing period rows and then decides the whole group, in order", async () => {
    const team = uniq("team");
    const fresh = await createTestBudget({ scope: "team", scopeValue: team, limitUsd: 4, period: "day" });
    expect((await currentPeriodRow(fresh.id)).id).toBeNull();

    const results = await together([
      { userId: uniq("user"), estimatedCostUsd: 1 }, // under no budget, but after nothing missing…
      { userId: uniq("user"), team, estimatedCostUsd: 3 },
      { userId: uniq("user"), team, estimatedCostUsd: 2 }, // …and these wait for the new row, in order
      { userId: uniq("user"), team, estimatedCostUsd: 1 },
    ]);
    expect(results.map((r) => r.allowed)).toEqual([true, true, false, true]);
    expect((await currentPeriodRow(fresh.id)).reservedText).toBe("4");
  });

  it("fails only the request whose input the database refuses; the rest of its group is decided as usual", async () => {
    const user = uniq("user");
    const budget = await createTestBudget({ scope: "user", scopeValue: user, limitUsd: 10 });
    await together([{ userId: user, estimatedCostUsd: 0 }]);

    const calls = [
      { userId: user, estimatedCostUsd: 4 },
      { userId: `${user}\u0000`, estimatedCostUsd: 1 }, // Postgres text cannot hold NUL: the statement fails
      { userId: user, estimatedCostUsd: 4 },
      { userId: user, estimatedCostUsd: 4 },
    ].map((input) => authorizeSpend({ gatewayId, input: AuthorizeSpendBody.parse(input) }));
    const settled = await Promise.allSettled(calls);
    expect(settled.map((s) => s.status)).toEqual(["fulfilled", "rejected", "fulfilled", "fulfilled"]);
    const values = settled.map((s) => (s.status === "fulfilled" ? AuthorizeSpendResponse.parse(s.value) : null));
    expect(values.map((v) => v?.allowed ?? null)).toEqual([true, null, true, false]);
    expect((await currentPeriodRow(budget.id)).reservedText).toBe("8");
  });

  it("decides a randomized group of overlapping hard and soft budgets exactly as one after the other", async () => {
    const users = Array.from({ length: 5 }, () => uniq("user"));
    const teams = [uniq("team"), uniq("team")];
    const tools = [uniq("tool"), uniq("tool")];
    const budgets = [
      ...(await Promise.all(users.slice(0, 4).map((u, i) => createTestBudget({ scope: "user", scopeValue: u, limitUsd: 3 + i, period: "day" })))),
      await createTestBudget({ scope: "team", scopeValue: teams[0], limitUsd: 15, period: "week" }),
      await createTestBudget({ scope: "team", scopeValue: teams[1], limitUsd: 5, mode: "soft" }),
      await createTestBudget({ scope: "tool", scopeValue: tools[0], limitUsd: 12 }),
    ];
    for (const u of users) for (const team of teams) for (const tool of tools) await together([{ userId: u, team, tool, estimatedCostUsd: 0 }]);

    // 150 calls: more than one group holds (MAX_GROUP), so the second group must see the first's.
    const pick = <T,>(xs: T[]) => xs[Math.floor(Math.random() * xs.length)];
    const bodies = Array.from({ length: 150 }, () => ({ userId: pick(users), team: pick(teams), tool: pick(tools), estimatedCostUsd: (Math.floor(Math.random() * 250) / 100).toFixed(2) }));
    const results = await together(bodies);

    // The model, in cents: in order, a call fits when every hard budget it falls under keeps within its limit.
    const applies = (b: (typeof budgets)[number], x: (typeof bodies)[number]) => b.scopeValue === x.userId || b.scopeValue === x.team || b.scopeValue === x.tool;
    const reserved = new Map(budgets.map((b) => [b.id, 0]));
    const limit = (b: (typeof budgets)[number]) => Math.round(Number(b.limitUsd) * 100);
    bodies.forEach((x, i) => {
      const cents = Math.round(Number(x.estimatedCostUsd) * 100);
      const mine = budgets.filter((b) => applies(b, x));
      const over = mine.filter((b) => b.mode === "hard" && reserved.get(b.id)! + cents > limit(b));
      const r = results[i];
      expect(r.allowed, `call ${i}`).toBe(over.length === 0);
      if (!r.allowed) expect(over.map((b) => b.id)).toContain(r.budget.id);
      else for (const b of mine) reserved.set(b.id, reserved.get(b.id)! + cents);
    });
    for (const b of budgets) expect(Math.round((await currentPeriodRow(b.id)).reserved * 100), b.name).toBe(reserved.get(b.id));
    expect(results.filter((r) => r.allowed).length).toBeGreaterThan(10);
    expect(results.filter((r) => !r.allowed).length).toBeGreaterThan(10);
    expect(await statementsOf(results)).toBeLessThanOrEqual(2);
  });
});
