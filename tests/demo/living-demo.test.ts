import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closeDb, db } from "../../lib/db";
import { decideApproval } from "../../lib/approvals/decide-approval";
import { periodOf } from "../../lib/budgets/budget-clock";
import { DEMO_APPROVAL_RULES } from "../../lib/demo/demo-approval-catalog";
import { DEMO_LIVE_GATEWAY } from "../../lib/demo/demo-catalog";
import { DEMO_BUDGET_TEAM, DEMO_BUDGET_TOOL } from "../../lib/demo/size-demo-budgets";
import { DEMO_ACTOR, seedDemo } from "../../lib/demo/seed-demo";
import { startLiveTraffic } from "../../lib/demo/start-live-traffic";
import { startAppServer, type AppServer } from "../support/app-server";
import { createTestUser } from "../support/factories";
import { createScratchDatabase } from "../support/scratch-db";

// The living demo's approvals and budgets on a database of its own (the demo's global budget applies to
// every call): the real seed in this process, as start-demo.ts runs it, then a Warden server on that
// database and the real live-traffic loop against it over HTTP, with a fast tick.
//
// "Now" for the seed is the 15th of last month, 16:30 UTC: half a month of history lies in its month, so
// the team budget's share is the sizing's own (on the 1st of a month a floor applies, see size-demo-budgets.ts).

const nowDate = new Date();
const now = Date.UTC(nowDate.getUTCFullYear(), nowDate.getUTCMonth() - 1, 15, 16, 30);
const month = periodOf("month", new Date(now));
const day = periodOf("day", new Date(now));

let scratch: Awaited<ReturnType<typeof createScratchDatabase>>;
let server: AppServer | undefined;

async function until<T>(what: string, fn: () => Promise<T | null | undefined | false>, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** Sum of cost_usd of the seeded events matching `where` (a fixed SQL fragment) since `from`, as exact text. */
async function seededSpend(from: Date, where: "team" | "all" | "tool" | "user", value?: string): Promise<string> {
  const [row] = await db().$queryRaw<{ s: string }[]>`
    SELECT coalesce(sum(cost_usd), 0)::text AS s FROM events
    WHERE ts >= ${from} AND ts < ${new Date(now)}
      AND (${where} = 'all' OR (${where} = 'team' AND team = ${value ?? null}) OR (${where} = 'tool' AND tool = ${value ?? null})
           OR (${where} = 'user' AND user_id = ${value ?? null}))`;
  return row.s;
}

beforeAll(async () => {
  scratch = await createScratchDatabase();
  process.env.DATABASE_URL = scratch.url; // this file's lib calls (seed, decisions, assertions) use the scratch database
  const seed = await seedDemo({ now });
  expect(seed.seeded).toBe(true);
}, 240_000);

afterAll(async () => {
  await server?.stop();
  await closeDb();
  await scratch?.drop();
});

describe("the demo seed sets up approval rules and budgets", () => {
  it("creates the demo's approval rules through the lib, audited as the demo actor", async () => {
    const rules = await db().approvalRule.findMany({ orderBy: { priority: "asc" } });
    expect(rules.map((r) => r.name)).toEqual(DEMO_APPROVAL_RULES.map((r) => r.name));
    expect(rules.filter((r) => r.requiredApprovals === 2).map((r) => r.toolPattern)).toEqual(["create_refund"]);
    expect(rules.find((r) => r.riskFlags.includes("prompt_injection"))).toBeTruthy();
    expect(rules.find((r) => r.minCostUsd !== null)).toBeTruthy();
    for (const r of rules) expect(r.timeoutSeconds).toBeGreaterThanOrEqual(600);
    const audited = await db().auditLog.count({ where: { action: "approval_rule.create", actorEmail: DEMO_ACTOR.email } });
    expect(audited).toBe(rules.length);
  });

  it("seeds two weeks of decided approval requests (approved, denied with a reason, expired) under the demo rules, and the company domains", async () => {
    const decided = await db().approval.findMany({ include: { votes: true } });
    expect(new Set(decided.map((a) => a.status))).toEqual(new Set(["approved", "denied", "expired"]));
    for (const a of decided) {
      expect(a.decidedAt!.getTime()).toBeLessThan(now);
      if (a.status === "denied") expect(a.votes.some((v) => v.decision === "deny" && !!v.comment)).toBe(true);
      if (a.status === "approved") expect(a.votes.filter((v) => v.decision === "approve")).toHaveLength(a.requiredApprovals);
      if (a.status === "expired") expect(a.votes).toEqual([]);
    }
    expect(decided.some((a) => a.ruleId !== null && a.requiredApprovals === 2)).toBe(true);
    expect((await db().setting.findUniqueOrThrow({ where: { key: "approvals.company_domains" } })).value).toBe('["acme.example"]');
  });

  it("each budget's current period holds exactly the seeded spend of that period; the team budget is about half used", async () => {
    const budgets = await db().budget.findMany({ include: { periods: true } });
    const of = (scope: string) => budgets.find((b) => b.scope === scope)!;
    expect(budgets.map((b) => `${b.scope}:${b.period}:${b.mode}`).sort()).toEqual(["global:month:soft", "team:month:hard", "tool:month:hard", "user:day:hard"]);
    expect(await db().auditLog.count({ where: { action: "budget.create", actorEmail: DEMO_ACTOR.email } })).toBe(4);

    // Each counts from the start of its current period: one period row, no earlier ones (no stale alerts).
    for (const b of budgets) {
      expect(b.periods.map((p) => p.periodStart.toISOString())).toEqual([(b.period === "day" ? day : month).start.toISOString()]);
    }
    const team = of("team");
    expect(team.scopeValue).toBe(DEMO_BUDGET_TEAM);
    expect(team.periods[0].spentUsd.toString()).toBe(await seededSpend(month.start, "team", DEMO_BUDGET_TEAM));
    const used = Number(team.periods[0].spentUsd) / Number(team.limitUsd);
    expect(used).toBeGreaterThanOrEqual(0.5); // sized at 55 %, to two significant digits
    expect(used).toBeLessThan(0.6);
    expect(team.thresholds).toEqual([50, 80, 100]);
    expect(team.periods[0].alertedPercents).toEqual([50]);

    expect(of("global").periods[0].spentUsd.toString()).toBe(await seededSpend(month.start, "all"));
    expect(of("tool").scopeValue).toBe(DEMO_BUDGET_TOOL);
    expect(of("tool").periods[0].spentUsd.toString()).toBe(await seededSpend(month.start, "tool", DEMO_BUDGET_TOOL));
    const user = of("user");
    expect(user.periods[0].spentUsd.toString()).toBe(await seededSpend(day.start, "user", user.scopeValue!));
    expect(Number(user.periods[0].spentUsd)).toBeGreaterThan(0);
  });
});

describe("the live demo gateway asks for approvals and reserves spend through the gateway API", () => {
  beforeAll(async () => {
    server = await startAppServer({ databaseUrl: scratch.url, name: "living-demo", env: { WARDEN_JOBS: "0", LOG_LEVEL: "warn" } });
  }, 120_000);

  it("an approval request appears, is decided through the lib, and its call arrives with the approvalId; reservations settle and release; stop leaves nothing pending", async () => {
    const reviewers = await Promise.all([createTestUser({ roles: ["reviewer"] }), createTestUser({ roles: ["reviewer"] })]);
    const gateway = await db().gateway.findUniqueOrThrow({ where: { name: DEMO_LIVE_GATEWAY } });
    const live = await startLiveTraffic({
      baseUrl: server!.url,
      tickMs: 200,
      callsPerHour: 60_000,
      approvalEveryMs: 1000,
      maxPendingApprovals: 2,
      approvalWaitSeconds: 5,
      meteredShare: 1,
      releaseShare: 0.3,
      maxCallMs: 300,
    });
    try {
      const vote = async (id: string, decision: "approve" | "deny", required: number) => {
        for (const r of reviewers.slice(0, decision === "deny" ? 1 : required)) {
          await decideApproval({
            id,
            reviewer: { id: r.id, email: r.email, team: null },
            input: { decision, comment: decision === "approve" ? "Fits the goal." : "The call does not serve the goal." },
            actor: { id: r.id, email: r.email },
          });
        }
      };
      const pending = () => db().approval.findFirst({ where: { gatewayId: gateway.id, status: "pending" }, orderBy: { createdAt: "asc" } });

      // Approved: the call runs and its event names the approval.
      const first = await until("an approval request", pending);
      expect(first).toMatchObject({ justification: expect.any(String), userGoal: expect.any(String), reason: expect.any(String) });
      expect(first.ruleId).not.toBeNull(); // every call the demo holds falls under a seeded rule
      await vote(first.id, "approve", first.requiredApprovals);
      const ran = await until("the approved call's event", () => db().event.findFirst({ where: { approvalId: first.id } }));
      expect(["ok", "blocked"]).toContain(ran.status); // blocked only if a hard budget refused its estimate
      expect(ran).toMatchObject({ server: first.server, tool: first.tool, userId: first.userId });

      // Denied: the call is recorded as denied.
      const second = await until("another approval request", async () => (await db().approval.findFirst({ where: { gatewayId: gateway.id, status: "pending", id: { not: first.id } } })) ?? undefined);
      await vote(second.id, "deny", 1);
      const refused = await until("the denied call's event", () => db().event.findFirst({ where: { approvalId: second.id } }));
      expect(refused).toMatchObject({ status: "denied", errorType: "approval_denied", durationMs: 0 });

      // Spend: a reservation settled by its call's event, at ±20 % of the estimate; another released.
      const settled = await until("a settled reservation", () => db().reservation.findFirst({ where: { gatewayId: gateway.id, status: "settled" } }));
      const paid = await until("its event", () => db().event.findFirst({ where: { reservationId: settled.id } }));
      const ratio = Number(paid.costUsd) / Number(settled.amountUsd);
      expect(ratio).toBeGreaterThanOrEqual(0.8 - 1e-6);
      expect(ratio).toBeLessThanOrEqual(1.2 + 1e-6);
      expect(settled.actualUsd?.toString()).toBe(paid.costUsd?.toString());
      const released = await until("a released reservation", () => db().reservation.findFirst({ where: { gatewayId: gateway.id, status: "released" } }));
      expect(await db().event.count({ where: { reservationId: released.id } })).toBe(0);
      // The settled spend counts against the budgets' current (real) period.
      const global = await db().budget.findFirstOrThrow({ where: { scope: "global" } });
      const period = await db().budgetPeriod.findUniqueOrThrow({ where: { budgetId_periodStart: { budgetId: global.id, periodStart: periodOf("month", new Date()).start } } });
      expect(Number(period.spentUsd)).toBeGreaterThan(0);
    } finally {
      await live.stop();
    }

    // Stopped cleanly: no request left pending, no reservation left held, every request's call recorded.
    expect(await db().approval.count({ where: { gatewayId: gateway.id, status: "pending" } })).toBe(0);
    expect(await db().reservation.count({ where: { gatewayId: gateway.id, status: "active" } })).toBe(0);
    // (The seeded history's decided requests, all before `now`, are not live calls: they have no events.)
    const approvals = await db().approval.findMany({ where: { gatewayId: gateway.id, createdAt: { gt: new Date(now) } }, select: { id: true, status: true } });
    const events = await db().event.findMany({ where: { approvalId: { in: approvals.map((a) => a.id) } }, select: { approvalId: true, status: true, errorType: true } });
    for (const a of approvals) {
      const e = events.find((x) => x.approvalId === a.id);
      if (a.status === "approved") continue; // an approved call still running at the stop is released, not recorded
      expect(e, `event of ${a.status} approval ${a.id}`).toMatchObject({ status: "denied", errorType: `approval_${a.status}` });
    }
  }, 90_000);
});
