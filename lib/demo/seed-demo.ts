import "server-only";
import { db, pool } from "../db";
import { env } from "../env";
import { log } from "../log";
import { createApprovalRule } from "../approvals/create-approval-rule";
import { periodOf } from "../budgets/budget-clock";
import { createBudget } from "../budgets/create-budget";
import { createGateway } from "../gateways/create-gateway";
import { ingestEvents } from "../ingest/ingest-events";
import type { IngestEvent } from "../ingest/schema";
import type { ValidatedEvent } from "../ingest/validate-event-batch";
import { DEMO_GATEWAYS, DEMO_INCIDENTS, DEMO_LIVE_GATEWAY, DEMO_TOOLS, DEMO_USERS, orgCallsPerHour, poisson, prng, weighted } from "./demo-catalog";
import { DEMO_APPROVAL_RULES } from "./demo-approval-catalog";
import { seedDemoDecisions } from "./seed-demo-decisions";
import { makeDemoEvent } from "./make-demo-event";
import { createSpendTally, sizeDemoBudgets, tallySpend } from "./size-demo-budgets";

const HOUR = 3_600_000;
const DEMO_SEED_LOCK = 7731528914463502501n;
export const DEMO_ACTOR = { email: "demo@warden.local" };

/** Ensures the demo gateways exist; returns name → id. */
export async function ensureDemoGateways(): Promise<Map<string, string>> {
  const ids = new Map<string, string>();
  for (const g of DEMO_GATEWAYS) {
    const found = await db().gateway.findUnique({ where: { name: g.name } });
    if (found) ids.set(g.name, found.id);
    else {
      const created = await createGateway({ input: { name: g.name, description: g.description, ownerTeam: g.ownerTeam }, actor: DEMO_ACTOR });
      ids.set(g.name, created.gatewayId);
    }
  }
  return ids;
}

/** Start (ms) of an incident: the top of the hour `hoursAgo` hours before now. */
export function incidentStart(hoursAgo: number, now = Date.now()): number {
  return Math.floor((now - hoursAgo * HOUR) / HOUR) * HOUR;
}

/** 30 days of history as [gateway name, event] pairs, deterministic for a given `now` and seed. */
export function* demoHistory(opts: { now: number; days: number; seed?: number }): Generator<[string, IngestEvent]> {
  const rnd = prng(opts.seed ?? 20261124);
  const end = opts.now - 60_000;
  const start = Math.floor((end - opts.days * 86_400_000) / HOUR) * HOUR + HOUR;
  const gatewayOf = () => weighted(DEMO_GATEWAYS, (g) => g.share, rnd).name;
  const within = (from: number, minutes: number) => from + rnd() * minutes * 60_000;
  const toolOf = (server: string, tool: string) => DEMO_TOOLS.find((t) => t.server === server && t.tool === tool)!;
  const userOf = (id: string) => DEMO_USERS.find((u) => u.userId === id)!;

  const i = DEMO_INCIDENTS;
  const err = { from: incidentStart(i.errorSpike.hoursAgo, opts.now), ms: i.errorSpike.minutes * 60_000 };
  for (let hour = start; hour < end; hour += HOUR) {
    const n = poisson(orgCallsPerHour(new Date(hour + HOUR / 2)), rnd);
    for (let k = 0; k < n; k++) {
      const at = hour + rnd() * HOUR;
      if (at >= end) continue;
      const inErrorSpike = at >= err.from && at < err.from + err.ms;
      const e = makeDemoEvent(at, rnd);
      if (inErrorSpike && e.server === i.errorSpike.server && e.tool === i.errorSpike.tool) {
        yield [gatewayOf(), makeDemoEvent(at, rnd, { tool: toolOf(e.server, e.tool), errorRate: i.errorSpike.errorRate, errorType: i.errorSpike.errorType })];
      } else {
        yield [gatewayOf(), e];
      }
    }
  }

  // Incidents on top of the rhythm.
  const spikeTool = toolOf(i.errorSpike.server, i.errorSpike.tool);
  for (let k = 0; k < 120; k++) {
    yield ["edge-prod", makeDemoEvent(within(err.from, i.errorSpike.minutes), rnd, { tool: spikeTool, errorRate: i.errorSpike.errorRate, errorType: i.errorSpike.errorType })];
  }
  const cost = incidentStart(i.costSpike.hoursAgo, opts.now);
  for (let k = 0; k < 140; k++) {
    yield ["edge-prod", makeDemoEvent(within(cost, i.costSpike.minutes), rnd, { tool: toolOf(i.costSpike.server, i.costSpike.tool), user: userOf(i.costSpike.userId), costFactor: i.costSpike.costFactor })];
  }
  const burst = incidentStart(i.userBurst.hoursAgo, opts.now);
  const burstTools = DEMO_TOOLS.filter((t) => t.server === "filesystem" || t.server === "github");
  for (let k = 0; k < 9 * i.userBurst.factor; k++) {
    yield ["desktop-agents", makeDemoEvent(within(burst, i.userBurst.minutes), rnd, { tool: weighted(burstTools, (t) => t.weight, rnd), user: userOf(i.userBurst.userId) })];
  }
  const inj = incidentStart(i.promptInjection.hoursAgo, opts.now);
  for (let k = 0; k < i.promptInjection.calls; k++) {
    yield ["edge-prod", makeDemoEvent(within(inj, i.promptInjection.minutes), rnd, { tool: toolOf(i.promptInjection.server, i.promptInjection.tool), flags: ["prompt_injection"] })];
  }
}

/** Ingest of the seed: large batches per gateway, a few in flight; `drain` waits until all are stored. */
function seedWriter(gateways: Map<string, string>) {
  const buffers = new Map<string, ValidatedEvent[]>();
  const inFlight = new Set<Promise<unknown>>();
  let total = 0;
  const send = async (gatewayId: string, events: ValidatedEvent[]) => {
    const p = ingestEvents({ gatewayId, events }).finally(() => inFlight.delete(p));
    inFlight.add(p);
    if (inFlight.size >= 3) await Promise.race(inFlight);
  };
  return {
    get total() {
      return total;
    },
    async add(name: string, e: IngestEvent) {
      const list = buffers.get(name) ?? [];
      list.push({ ...e, tsMs: Date.parse(e.timestamp) });
      buffers.set(name, list);
      total++;
      if (list.length >= 5000) {
        buffers.set(name, []);
        await send(gateways.get(name)!, list);
      }
    },
    async drain() {
      for (const [name, list] of buffers) {
        buffers.set(name, []);
        if (list.length) await send(gateways.get(name)!, list);
      }
      await Promise.all(inFlight);
    },
  };
}

/**
 * Seeds the demo once: only when the database holds no events yet, under an advisory lock so two
 * instances starting together seed once. Goes through the same write path as the API (rollups, spend),
 * in large batches. Sets up the demo's budgets and approval rules too. Each budget is created just before
 * the history reaches its current period (the monthly ones at this month's start, the daily one at
 * today's), so ingest's own settlement counts that period's seeded calls exactly as it would have live,
 * and no period before it: no threshold alert about a period that ended before Warden first started.
 * The budgets are sized from what the history spends (lib/demo/size-demo-budgets.ts), tallied while
 * going through it a first time (the history is deterministic, so the second time is the same).
 */
export async function seedDemo(opts: { now?: number; days?: number } = {}): Promise<{ seeded: boolean; events: number; ms: number }> {
  const started = Date.now();
  const now = opts.now ?? started;
  const days = Math.min(opts.days ?? 30, env().WARDEN_RETENTION_DAYS - 1);
  const lock = await pool().connect();
  try {
    await lock.query("SELECT pg_advisory_lock($1)", [DEMO_SEED_LOCK.toString()]);
    const { rows } = await lock.query("SELECT EXISTS (SELECT 1 FROM events) AS any");
    if (rows[0].any) return { seeded: false, events: 0, ms: Date.now() - started };
    const gateways = await ensureDemoGateways();
    const writer = seedWriter(gateways);
    const monthStart = periodOf("month", new Date(now)).start.getTime();
    const dayStart = periodOf("day", new Date(now)).start.getTime();

    // 1. The history before this month, tallying what every part of it spends.
    const tally = createSpendTally({ monthStart, historyDays: days });
    for (const [name, e] of demoHistory({ now, days })) {
      tallySpend(tally, e);
      if (Date.parse(e.timestamp) < monthStart) await writer.add(name, e);
    }
    await writer.drain();
    const budgets = sizeDemoBudgets(tally);
    for (const input of budgets.monthly) await createBudget({ input, actor: DEMO_ACTOR });

    // 2. This month before today; today's calls wait for the daily budget.
    const today: [string, IngestEvent][] = [];
    for (const [name, e] of demoHistory({ now, days })) {
      const ts = Date.parse(e.timestamp);
      if (ts < monthStart) continue;
      if (ts < dayStart) await writer.add(name, e);
      else today.push([name, e]);
    }
    await writer.drain();
    for (const input of budgets.daily) await createBudget({ input, actor: DEMO_ACTOR });

    // 3. Today. Then the approval rules: they hold the live gateway's calls from now on; and two weeks
    //    of requests they held, decided (approved, denied with reasons) or expired: the precedents.
    for (const [name, e] of today) await writer.add(name, e);
    await writer.drain();
    for (const input of DEMO_APPROVAL_RULES) await createApprovalRule({ input, actor: DEMO_ACTOR });
    const decisions = await seedDemoDecisions({ now, gatewayId: gateways.get(DEMO_LIVE_GATEWAY)!, actor: DEMO_ACTOR });

    await db().gateway.updateMany({ where: { id: { in: [...gateways.values()] } }, data: { lastSeenAt: new Date(now - 60_000) } });
    const ms = Date.now() - started;
    const limits = Object.fromEntries([...budgets.monthly, ...budgets.daily].map((b) => [b.name, `${b.limitUsd} ${b.mode}/${b.period}`]));
    log.info({ events: writer.total, ms, days, approvalRules: DEMO_APPROVAL_RULES.length, decidedApprovals: decisions, budgets: limits }, "demo: seeded history");
    return { seeded: true, events: writer.total, ms };
  } finally {
    await lock.query("SELECT pg_advisory_unlock($1)", [DEMO_SEED_LOCK.toString()]).catch(() => undefined);
    lock.release();
  }
}
