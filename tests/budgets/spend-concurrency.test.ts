import pg from "pg";
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from "vitest";
import { closeDb, db } from "../../lib/db";
import { createGateway } from "../../lib/gateways/create-gateway";
import { expireReservations } from "../../lib/budgets/expire-reservations";
import { AuthorizeSpendResponse } from "../../lib/budgets/schema";
import { startAppServer, type AppServer } from "../support/app-server";
import { createScratchDatabase } from "../support/scratch-db";
import { createTestBudget, currentPeriodRow, spendEvent } from "./budget-fixtures";

// Global budgets apply to every call, so these tests own a whole database and a second Warden server:
// nothing another test file does can touch their budgets, and theirs cannot refuse anybody else's calls.

let scratch: Awaited<ReturnType<typeof createScratchDatabase>>;
let server: AppServer;
let apiKey: string;

beforeAll(async () => {
  scratch = await createScratchDatabase();
  process.env.DATABASE_URL = scratch.url; // this file's lib calls (seeding, asserting) use the scratch database
  server = await startAppServer({ databaseUrl: scratch.url, name: "budgets-concurrency", env: { WARDEN_INGEST_RATE_PER_MIN: "1000000", LOG_LEVEL: "warn" } });
  apiKey = (await createGateway({ input: { name: "concurrency" }, actor: { email: "tests" } })).apiKey;
});

afterAll(async () => {
  await server?.stop();
  await closeDb();
  await scratch?.drop();
});

async function v1(path: string, body: unknown) {
  const res = await fetch(`${server.url}/api/v1${path}`, {
    method: "POST",
    headers: { authorization: `Bearer ${apiKey}`, "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  return { status: res.status, json: (await res.json()) as any };
}

const authorize = async (body: Record<string, unknown>) => {
  const res = await v1("/spend/authorize", body);
  expect(res.status).toBe(200);
  return AuthorizeSpendResponse.parse(res.json);
};

describe("budgets that overlap (user, team, global) on a database of their own", () => {
  it("a call under user, team and global budgets reserves on all three, and is refused when any one is exhausted", async () => {
    const global = await createTestBudget({ scope: "global", limitUsd: 10 });
    const team = await createTestBudget({ scope: "team", scopeValue: "t1", limitUsd: 6 });
    const user = await createTestBudget({ scope: "user", scopeValue: "u1", limitUsd: 4 });
    const reserved = async () => Promise.all([global, team, user].map(async (b) => (await currentPeriodRow(b.id)).reservedText));

    const ok = await authorize({ userId: "u1", team: "t1", estimatedCostUsd: 3 });
    expect(ok.allowed && ok.budgets.map((b) => b.scope).sort()).toEqual(["global", "team", "user"]);
    expect(await reserved()).toEqual(["3", "3", "3"]);

    expect(await authorize({ userId: "u1", team: "t1", estimatedCostUsd: 2 })).toMatchObject({ allowed: false, budget: { id: user.id } });
    expect(await authorize({ userId: "u2", team: "t1", estimatedCostUsd: 3 })).toMatchObject({ allowed: true });
    expect(await authorize({ userId: "u3", team: "t1", estimatedCostUsd: "0.5" })).toMatchObject({ allowed: false, budget: { id: team.id } });
    expect(await authorize({ userId: "u4", team: "t2", estimatedCostUsd: "4.5" })).toMatchObject({ allowed: false, budget: { id: global.id } });
    expect(await reserved()).toEqual(["6", "6", "3"]);
    expect(await authorize({ userId: "u4", team: "t2", estimatedCostUsd: 4 })).toMatchObject({ allowed: true });
    expect(await reserved()).toEqual(["10", "6", "3"]);

    // Retire them so the randomized mix below starts from its own budgets only.
    await db().budget.updateMany({ where: { id: { in: [global.id, team.id, user.id] } }, data: { archived: true } });
  });

  it("a randomized concurrent mix of thousands of authorizations, releases, settlements and expiries never deadlocks and never passes a hard limit", async () => {
    const users = Array.from({ length: 16 }, (_, i) => `mix-user-${i}`);
    const teams = ["mix-a", "mix-b", "mix-c", "mix-d", "mix-soft"];
    const tools = ["t-search", "t-render", "t-soft"];
    await createTestBudget({ scope: "global", limitUsd: 400 });
    for (const t of teams) await createTestBudget({ scope: "team", scopeValue: t, limitUsd: 90, mode: t === "mix-soft" ? "soft" : "hard", period: "week" });
    for (const u of users) await createTestBudget({ scope: "user", scopeValue: u, limitUsd: 20, period: "day" });
    for (const t of tools) await createTestBudget({ scope: "tool", scopeValue: t, limitUsd: 150, mode: t === "t-soft" ? "soft" : "hard" });

    const monitor = new pg.Client({ connectionString: scratch.url });
    monitor.on("error", () => undefined); // the database is dropped after the file, maybe under it
    await monitor.connect();
    onTestFinished(() => monitor.end().catch(() => undefined));
    let violations = 0;
    let samples = 0;
    let running = true;
    const watch = (async () => {
      while (running) {
        const { rows } = await monitor.query<{ n: number }>(
          `SELECT count(*)::int AS n FROM budget_periods bp JOIN budgets b ON b.id = bp.budget_id
           WHERE b.mode = 'hard' AND NOT b.archived AND bp.spent_usd + bp.reserved_usd > b.limit_usd`,
        );
        violations += rows[0].n;
        samples++;
        await new Promise((r) => setTimeout(r, 50));
      }
    })();
    const sweeper = (async () => {
      while (running) {
        await expireReservations();
        await new Promise((r) => setTimeout(r, 300));
      }
    })();

    const pick = <T,>(xs: T[]) => xs[Math.floor(Math.random() * xs.length)];
    const statuses: number[] = [];
    let allowed = 0;
    let refused = 0;
    const worker = async () => {
      for (let i = 0; i < 50; i++) {
        const u = pick(users);
        const cents = 1 + Math.floor(Math.random() * 300);
        const estimate = (cents / 100).toFixed(2);
        const res = await v1("/spend/authorize", { userId: u, team: pick(teams), tool: pick(tools), server: "mix", estimatedCostUsd: estimate, ...(Math.random() < 0.1 ? { ttlSeconds: 5 } : {}) });
        statuses.push(res.status);
        if (res.status !== 200) continue;
        if (!res.json.allowed) {
          refused++;
          continue;
        }
        allowed++;
        const roll = Math.random();
        if (roll < 0.3) statuses.push((await v1("/spend/release", { reservationId: res.json.reservationId })).status);
        else if (roll < 0.8) {
          // Settles with an actual cost at or below the estimate (so a hard limit must hold exactly).
          const actual = (Math.floor(Math.random() * (cents + 1)) / 100).toFixed(2);
          const events = [spendEvent({ userId: u, reservationId: res.json.reservationId, costUsd: Number(actual) })];
          if (Math.random() < 0.3) events.push(spendEvent({ userId: u, costUsd: 0 }));
          statuses.push((await v1("/events", { events })).status);
        }
      }
    };
    try {
      await Promise.all(Array.from({ length: 40 }, worker));
    } finally {
      running = false;
      await Promise.all([watch, sweeper]);
    }

    expect(statuses.filter((s) => s !== 200)).toEqual([]);
    expect(allowed + refused).toBe(2000);
    expect(statuses.length).toBeGreaterThan(2000);
    expect(allowed).toBeGreaterThan(100);
    expect(refused).toBeGreaterThan(100);
    expect(samples).toBeGreaterThan(5);
    expect(violations).toBe(0);

    // The books balance: every period row's reserved is exactly its active reservations' lines, and its
    // spent exactly the actual cost of the settled reservations on it.
    const { rows: books } = await monitor.query<{ id: string; reserved: string; active: string; spent: string; settled: string; over: boolean }>(`
      SELECT bp.id, bp.reserved_usd::text AS reserved, bp.spent_usd::text AS spent,
             coalesce(sum(rl.amount_usd) FILTER (WHERE r.status = 'active'), 0)::text AS active,
             coalesce(sum(r.actual_usd) FILTER (WHERE r.status = 'settled'), 0)::text AS settled,
             (b.mode = 'hard' AND bp.spent_usd + bp.reserved_usd > b.limit_usd) AS over
      FROM budget_periods bp JOIN budgets b ON b.id = bp.budget_id AND NOT b.archived
      LEFT JOIN reservation_lines rl ON rl.budget_period_id = bp.id LEFT JOIN reservations r ON r.id = rl.reservation_id
      GROUP BY bp.id, b.mode, b.limit_usd`);
    expect(books.length).toBe(1 + teams.length + users.length + tools.length);
    for (const b of books) {
      expect(Number(b.reserved), `reserved of ${b.id}`).toBe(Number(b.active));
      expect(Number(b.spent), `spent of ${b.id}`).toBe(Number(b.settled));
      expect(b.over).toBe(false);
    }

    // No deadlock happened anywhere (ingest would have retried one silently): the database's own count,
    // read after the server's connections closed and flushed their statistics.
    await server.stop();
    await closeDb();
    const fresh = new pg.Client({ connectionString: scratch.url });
    await fresh.connect();
    const { rows } = await fresh.query<{ deadlocks: number }>("SELECT deadlocks::int FROM pg_stat_database WHERE datname = current_database()");
    await fresh.end();
    expect(rows[0].deadlocks).toBe(0);
  }, 240_000);
});
