import { createHmac } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "../../lib/db";
import { AuthorizeSpendResponse } from "../../lib/budgets/schema";
import { uniq } from "../support/factories";
import { createTestGateway, gatewayApi } from "../support/gateways";
import { createTestBudget, currentPeriodRow, spendEvent } from "./budget-fixtures";

const authorize = async (apiKey: string, body: Record<string, unknown>) => {
  const res = await gatewayApi("/spend/authorize", apiKey, { body });
  const parsed = AuthorizeSpendResponse.parse(res.json);
  if (!parsed.allowed) throw new Error(`refused: ${parsed.reason}`);
  return parsed;
};

const postEvents = async (apiKey: string, events: Record<string, unknown>[]) => {
  const res = await gatewayApi("/events", apiKey, { body: { events } });
  expect(res.status, res.text).toBe(200);
  return res.json as { accepted: number; duplicates: number };
};

async function until<T>(what: string, probe: () => Promise<T | undefined | null | false>, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`gave up waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 150));
  }
}

describe("settlement through POST /api/v1/events", () => {
  it("moves a reservation from reserved to spent with the event's actual cost, once", async () => {
    const gw = await createTestGateway();
    const user = uniq("user");
    const budget = await createTestBudget({ scope: "user", scopeValue: user, limitUsd: 10 });
    const r = await authorize(gw.apiKey, { userId: user, estimatedCostUsd: 4 });
    const event = spendEvent({ userId: user, reservationId: r.reservationId, costUsd: 2.5 });
    expect(await postEvents(gw.apiKey, [event])).toEqual({ accepted: 1, duplicates: 0 });
    expect(await postEvents(gw.apiKey, [event])).toEqual({ accepted: 0, duplicates: 1 });

    const row = await currentPeriodRow(budget.id);
    expect([row.spentText, row.reservedText]).toEqual(["2.5", "0"]);
    const res = await db().reservation.findUniqueOrThrow({ where: { id: r.reservationId } });
    expect(res.status).toBe("settled");
    expect(res.actualUsd?.toString()).toBe("2.5");
    // The $2.50 now spent leaves $7.50.
    expect(await authorize(gw.apiKey, { userId: user, estimatedCostUsd: "7.5" })).toMatchObject({ allowed: true });
  });

  it("counts an actual cost above the estimate in full", async () => {
    const gw = await createTestGateway();
    const user = uniq("user");
    const budget = await createTestBudget({ scope: "user", scopeValue: user, limitUsd: 10 });
    const r = await authorize(gw.apiKey, { userId: user, estimatedCostUsd: 1 });
    await postEvents(gw.apiKey, [spendEvent({ userId: user, reservationId: r.reservationId, costUsd: 6.125 })]);
    expect(await currentPeriodRow(budget.id)).toMatchObject({ spentText: "6.125", reservedText: "0" });
  });

  it("counts spend without a reservation against every budget the call falls under, hard limit or not", async () => {
    const gw = await createTestGateway();
    const [user, team, tool] = [uniq("user"), uniq("team"), uniq("tool")];
    const budgets = await Promise.all([
      createTestBudget({ scope: "user", scopeValue: user, limitUsd: 1 }),
      createTestBudget({ scope: "team", scopeValue: team, limitUsd: 100, mode: "soft", period: "week" }),
      createTestBudget({ scope: "tool", scopeValue: tool, limitUsd: 100, period: "day" }),
      createTestBudget({ scope: "gateway", scopeValue: gw.gatewayId, limitUsd: 100 }),
    ]);
    const other = await createTestBudget({ scope: "user", scopeValue: uniq("user"), limitUsd: 100 });
    await postEvents(gw.apiKey, [
      spendEvent({ userId: user, team, tool, costUsd: 1.25 }),
      spendEvent({ userId: user, team, tool, costUsd: 0.5 }),
      spendEvent({ userId: user, team, tool, costUsd: null }),
    ]);
    for (const b of budgets) expect((await currentPeriodRow(b.id)).spentText, b.scope).toBe("1.75");
    expect((await currentPeriodRow(other.id)).spentText).toBe("0");
  });

  it("treats another gateway's reservation id as no reservation and leaves that reservation alone", async () => {
    const owner = await createTestGateway();
    const other = await createTestGateway();
    const user = uniq("user");
    const budget = await createTestBudget({ scope: "user", scopeValue: user, limitUsd: 10 });
    const r = await authorize(owner.apiKey, { userId: user, estimatedCostUsd: 3 });
    await postEvents(other.apiKey, [spendEvent({ userId: user, reservationId: r.reservationId, costUsd: 1 })]);
    expect(await currentPeriodRow(budget.id)).toMatchObject({ spentText: "1", reservedText: "3" });
    expect((await db().reservation.findUniqueOrThrow({ where: { id: r.reservationId } })).status).toBe("active");
  });

  it("still counts the spend of a released reservation's call, without giving its reserve back twice", async () => {
    const gw = await createTestGateway();
    const user = uniq("user");
    const budget = await createTestBudget({ scope: "user", scopeValue: user, limitUsd: 10 });
    const r = await authorize(gw.apiKey, { userId: user, estimatedCostUsd: 3 });
    await gatewayApi("/spend/release", gw.apiKey, { body: { reservationId: r.reservationId } });
    await postEvents(gw.apiKey, [spendEvent({ userId: user, reservationId: r.reservationId, costUsd: 1 })]);
    expect(await currentPeriodRow(budget.id)).toMatchObject({ spentText: "1", reservedText: "0" });
  });

  it("settles a reservation on the period it reserved on after a rollover; the new period starts fresh", async () => {
    const gw = await createTestGateway();
    const user = uniq("user");
    const budget = await createTestBudget({ scope: "user", scopeValue: user, limitUsd: 4, period: "day" });
    const before = await authorize(gw.apiKey, { userId: user, estimatedCostUsd: 3 });
    // The day ends: the row the reservation is on becomes yesterday's.
    const old = await currentPeriodRow(budget.id);
    await db().$executeRaw`UPDATE budget_periods SET period_start = period_start - interval '1 day', period_end = period_start WHERE id = ${old.id}::uuid`;

    const after = await authorize(gw.apiKey, { userId: user, estimatedCostUsd: 2 });
    const fresh = await currentPeriodRow(budget.id);
    expect(fresh.id).not.toBe(old.id);
    expect(fresh).toMatchObject({ spentText: "0", reservedText: "2" });

    await postEvents(gw.apiKey, [spendEvent({ userId: user, reservationId: before.reservationId, costUsd: 2.75 })]);
    const oldRow = await db().budgetPeriod.findUniqueOrThrow({ where: { id: old.id! } });
    expect([oldRow.spentUsd.toString(), oldRow.reservedUsd.toString()]).toEqual(["2.75", "0"]);
    expect(await currentPeriodRow(budget.id)).toMatchObject({ spentText: "0", reservedText: "2" });

    await postEvents(gw.apiKey, [spendEvent({ userId: user, reservationId: after.reservationId, costUsd: 1.5 })]);
    expect(await currentPeriodRow(budget.id)).toMatchObject({ spentText: "1.5", reservedText: "0" });
  });
});

describe("budget threshold alerts", () => {
  let receiver: Server;
  let hookUrl: string;
  const deliveries: { headers: Record<string, string | string[] | undefined>; body: string }[] = [];
  beforeAll(async () => {
    receiver = createServer((req, res) => {
      let body = "";
      req.on("data", (c) => (body += c));
      req.on("end", () => {
        deliveries.push({ headers: req.headers, body });
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((r) => receiver.listen(0, "127.0.0.1", r));
    hookUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/budget-hook`;
    await db().allowedWebhookHost.upsert({ where: { host: "127.0.0.1" }, create: { host: "127.0.0.1" }, update: {} });
  });
  afterAll(() => new Promise<void>((r) => receiver.close(() => r())));

  it("raises each threshold exactly once per period under concurrent settlements, and signs the webhook", async () => {
    const gw = await createTestGateway();
    const team = uniq("team");
    const secret = "budget-hook-secret";
    const budget = await createTestBudget({ scope: "team", scopeValue: team, limitUsd: 10, webhookUrl: hookUrl, webhookSecret: secret });
    // 40 × $0.50 in 40 concurrent batches: $20 spent, crossing 50 %, 80 % and 100 % along the way.
    await Promise.all(Array.from({ length: 40 }, () => postEvents(gw.apiKey, [spendEvent({ userId: uniq("user"), team, costUsd: 0.5 })])));
    const row = await currentPeriodRow(budget.id);
    expect(row.spentText).toBe("20");
    expect([...row.alerted].sort((a, b) => a - b)).toEqual([50, 80, 100]);

    // Each threshold was claimed by exactly one settlement, which enqueued exactly one alert job for it.
    const jobs = await db().$queryRaw<{ percents: number[] }[]>`
      SELECT (SELECT array_agg(p::int) FROM jsonb_array_elements_text(data->'percents') p) AS percents
      FROM pgboss.job WHERE name = 'budgets.threshold-alert' AND data->>'periodId' = ${row.id}`;
    expect(jobs.flatMap((j) => j.percents).sort((a, b) => a - b)).toEqual([50, 80, 100]);

    const alerts = await until("three budget alerts", async () => {
      const found = await db().alert.findMany({ where: { source: "budget", subjectValue: budget.id }, orderBy: { baseline: "asc" } });
      return found.length >= 3 && found;
    });
    expect(alerts.map((a) => [a.baseline, a.severity])).toEqual([
      [50, "info"],
      [80, "warning"],
      [100, "critical"],
    ]);
    expect(alerts[2].title).toContain("used up");
    // The period in the budgets' time zone, as dates people read.
    expect(alerts[0].explanation).toMatch(
      /^\$\d+\.\d{2} spent of \$\d+\.\d{2} \(hard limit\) for team \S+ this (day|week|month) \(\d{4}-\d{2}-\d{2}( – \d{4}-\d{2}-\d{2})?, [\w/+-]+\); \$\d+\.\d{2} more is reserved by calls in flight\.$/,
    );

    const mine = await until("three webhook deliveries", async () => {
      const d = deliveries.filter((x) => JSON.parse(x.body).budgetId === budget.id);
      return d.length >= 3 && d;
    });
    expect(mine.map((d) => JSON.parse(d.body).thresholdPercent).sort((a: number, b: number) => a - b)).toEqual([50, 80, 100]);
    for (const d of mine) {
      expect(d.headers["x-warden-event"]).toBe("budget.threshold_crossed");
      const [t, v1] = String(d.headers["x-warden-signature"]).split(",").map((p) => p.split("=")[1]);
      expect(v1).toBe(createHmac("sha256", secret).update(`${t}.${d.body}`).digest("hex"));
    }

    // More spend in the same period raises nothing new.
    await postEvents(gw.apiKey, [spendEvent({ userId: uniq("user"), team, costUsd: 5 })]);
    expect((await currentPeriodRow(budget.id)).alerted).toHaveLength(3);
    const jobsAfter = await db().$queryRaw<{ n: number }[]>`
      SELECT count(*)::int AS n FROM pgboss.job WHERE name = 'budgets.threshold-alert' AND data->>'periodId' = ${row.id}`;
    expect(jobsAfter[0].n).toBe(jobs.length);
  });
});
