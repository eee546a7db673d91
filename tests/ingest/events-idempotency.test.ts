import { describe, expect, it } from "vitest";
import { db } from "../../lib/db";
import { latencyBucketOf, LATENCY_BUCKET_COUNT } from "../../lib/metrics/latency-buckets";
import { createTestGateway, gatewayApi } from "../support/gateways";
import { makeEvent } from "./event-factory";

const STATUSES = ["ok", "error", "blocked", "timeout", "denied"] as const;
const DURATIONS = [3, 10, 11, 99, 700, 40_000];

describe("POST /api/v1/events idempotency", () => {
  it("POST /api/v1/events stores a batch sent 3 times concurrently once, with rollups equal to one copy", async () => {
    const gw = await createTestGateway();
    const base = Date.now() - 3 * 3_600_000; // three hours ago: spans several minutes and hours
    const events = Array.from({ length: 300 }, (_, i) =>
      makeEvent({
        timestamp: new Date(base + i * 37_000).toISOString(),
        userId: `user-${i % 7}`,
        team: i % 3 ? "core" : null,
        server: `srv-${i % 4}`,
        tool: `tool-${i % 5}`,
        status: STATUSES[i % STATUSES.length],
        durationMs: i % 11 === 0 ? null : DURATIONS[i % DURATIONS.length],
        costUsd: i % 2 ? Number((0.001 * i).toFixed(6)) : null,
        inputTokens: i,
        outputTokens: 2 * i,
        riskFlags: i % 10 === 0 ? ["prompt_injection", "pii_redacted"] : [],
      }),
    );
    const results = await Promise.all([1, 2, 3].map(() => gatewayApi("/events", gw.apiKey, { body: { events } })));
    expect(results.map((r) => r.status)).toEqual([200, 200, 200]);
    expect(results.reduce((a, r) => a + r.json.accepted, 0)).toBe(300);
    expect(results.reduce((a, r) => a + r.json.duplicates, 0)).toBe(600);
    expect(await db().event.count({ where: { gatewayId: gw.gatewayId } })).toBe(300);

    const expected = {
      calls: events.length,
      errors: events.filter((e) => e.status === "error").length,
      blocked: events.filter((e) => e.status === "blocked").length,
      timeouts: events.filter((e) => e.status === "timeout").length,
      denied: events.filter((e) => e.status === "denied").length,
      flagged: events.filter((e) => e.riskFlags!.length > 0).length,
      cost: events.reduce((a, e) => a + Math.round((e.costUsd ?? 0) * 1e6), 0) / 1e6,
      inputTokens: events.reduce((a, e) => a + e.inputTokens!, 0),
      durationSum: events.reduce((a, e) => a + (e.durationMs ?? 0), 0),
      durationN: events.filter((e) => e.durationMs != null).length,
    };
    const lat = new Array(LATENCY_BUCKET_COUNT).fill(0);
    for (const e of events) if (e.durationMs != null) lat[latencyBucketOf(e.durationMs)!]++;

    for (const model of ["rollupMinute", "rollupHour"] as const) {
      const where = { gatewayId: gw.gatewayId };
      const rows: any[] = model === "rollupMinute" ? await db().rollupMinute.findMany({ where }) : await db().rollupHour.findMany({ where });
      const sum = (f: (r: any) => number) => rows.reduce((a: number, r: any) => a + f(r), 0);
      expect(sum((r) => r.calls)).toBe(expected.calls);
      expect(sum((r) => r.errors)).toBe(expected.errors);
      expect(sum((r) => r.blocked)).toBe(expected.blocked);
      expect(sum((r) => r.timeouts)).toBe(expected.timeouts);
      expect(sum((r) => r.denied)).toBe(expected.denied);
      expect(sum((r) => r.flagged)).toBe(expected.flagged);
      expect(sum((r) => Math.round(Number(r.costUsd) * 1e6)) / 1e6).toBeCloseTo(expected.cost, 6);
      expect(sum((r) => Number(r.inputTokens))).toBe(expected.inputTokens);
      expect(sum((r) => Number(r.durationSum))).toBe(expected.durationSum);
      expect(sum((r) => r.durationN)).toBe(expected.durationN);
      expect(Array.from({ length: LATENCY_BUCKET_COUNT }, (_, i) => sum((r) => r[`lat${i}`]))).toEqual(lat);
    }
    const days = await db().rollupUserDay.findMany({ where: { gatewayId: gw.gatewayId } });
    expect(days.reduce((a, r) => a + r.calls, 0)).toBe(expected.calls);
    expect(days.reduce((a, r) => a + r.flagged, 0)).toBe(expected.flagged);
    const flags = await db().rollupFlagMinute.findMany({ where: { gatewayId: gw.gatewayId } });
    expect(flags.filter((f) => f.flag === "prompt_injection").reduce((a, r) => a + r.calls, 0)).toBe(expected.flagged);
    expect(flags.reduce((a, r) => a + r.calls, 0)).toBe(2 * expected.flagged);
  });

  it("POST /api/v1/events counts the same id with another timestamp as a duplicate: one row, rollups counted once", async () => {
    const gw = await createTestGateway();
    const e = makeEvent({ timestamp: new Date(Date.now() - 60_000).toISOString(), riskFlags: ["pii_redacted"] });
    expect((await gatewayApi("/events", gw.apiKey, { body: { events: [e] } })).json).toEqual({ accepted: 1, duplicates: 0 });
    // Another minute, another hour and another day (so another partition): still the same event.
    for (const ago of [1_000, 2 * 3_600_000, 3 * 86_400_000]) {
      const again = await gatewayApi("/events", gw.apiKey, { body: { events: [{ ...e, timestamp: new Date(Date.now() - ago).toISOString() }] } });
      expect(again.status).toBe(200);
      expect(again.json).toEqual({ accepted: 0, duplicates: 1 });
    }
    const rows = await db().event.findMany({ where: { id: e.id } });
    expect(rows.map((r) => r.ts.toISOString())).toEqual([e.timestamp]);
    const where = { gatewayId: gw.gatewayId };
    expect((await db().rollupMinute.aggregate({ where, _sum: { calls: true, flagged: true } }))._sum).toEqual({ calls: 1, flagged: 1 });
    expect((await db().rollupHour.aggregate({ where, _sum: { calls: true } }))._sum.calls).toBe(1);
    expect((await db().rollupDay.aggregate({ where, _sum: { calls: true } }))._sum.calls).toBe(1);
    expect((await db().rollupUserDay.aggregate({ where, _sum: { calls: true } }))._sum.calls).toBe(1);
    expect((await db().rollupFlagMinute.aggregate({ where, _sum: { calls: true } }))._sum.calls).toBe(1);
    expect((await db().rollupFlagDay.aggregate({ where, _sum: { calls: true } }))._sum.calls).toBe(1);
  });

  it("POST /api/v1/events stores each id once when concurrent requests send it with different timestamps", async () => {
    const gw = await createTestGateway();
    const ids = Array.from({ length: 50 }, () => makeEvent().id);
    const senders = 8;
    // Each sender has its own timestamps (another minute each) for the same 50 ids.
    const batches = Array.from({ length: senders }, (_, s) =>
      ids.map((id, i) => makeEvent({ id, timestamp: new Date(Date.now() - (s * 60 + i) * 1_000 - 5_000).toISOString(), costUsd: 0.01 })),
    );
    const results = await Promise.all(batches.map((events) => gatewayApi("/events", gw.apiKey, { body: { events } })));
    expect(results.map((r) => r.status)).toEqual(new Array(senders).fill(200));
    expect(results.reduce((a, r) => a + r.json.accepted, 0)).toBe(ids.length);
    expect(results.reduce((a, r) => a + r.json.duplicates, 0)).toBe((senders - 1) * ids.length);
    expect(await db().event.count({ where: { gatewayId: gw.gatewayId } })).toBe(ids.length);
    expect(await db().event.count({ where: { id: { in: ids } } })).toBe(ids.length);
    const sum = await db().rollupMinute.aggregate({ where: { gatewayId: gw.gatewayId }, _sum: { calls: true, costUsd: true } });
    expect(sum._sum.calls).toBe(ids.length);
    expect(Number(sum._sum.costUsd)).toBeCloseTo(0.01 * ids.length, 6);
    expect((await db().rollupUserDay.aggregate({ where: { gatewayId: gw.gatewayId }, _sum: { calls: true } }))._sum.calls).toBe(ids.length);
  });

  it("POST /api/v1/events counts an id repeated inside one batch once", async () => {
    const gw = await createTestGateway();
    const e = makeEvent();
    const res = await gatewayApi("/events", gw.apiKey, { body: { events: [e, e] } });
    expect(res.json).toEqual({ accepted: 1, duplicates: 1 });
    const clash = await gatewayApi("/events", gw.apiKey, { body: { events: [e, { ...e, timestamp: new Date(Date.now() - 1000).toISOString() }] } });
    expect(clash.status).toBe(400);
    expect(clash.json.error.issues[0]).toMatchObject({ index: 1, path: "id" });
  });
});
