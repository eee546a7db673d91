import { randomUUID } from "node:crypto";
import pg from "pg";
import { describe, expect, inject, it } from "vitest";
import { db } from "../../lib/db";
import { createEventPartitionsAhead, dayString, dropExpiredEventPartitions, utcDay } from "../../lib/ingest/event-partitions";
import { eventPartitionsJob } from "../../lib/ingest/jobs";
import { createTestGateway, gatewayApi } from "../support/gateways";
import { makeEvent } from "./event-factory";

async function partitionNames(): Promise<string[]> {
  const client = new pg.Client({ connectionString: inject("databaseUrl") });
  await client.connect();
  try {
    const { rows } = await client.query<{ relname: string }>(
      "SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid WHERE i.inhparent = 'events'::regclass ORDER BY 1",
    );
    return rows.map((r) => r.relname);
  } finally {
    await client.end();
  }
}
const nameOf = (day: number) => `events_p${dayString(day).replace(/-/g, "")}`;

describe("events partitions", () => {
  it("has daily partitions from yesterday to a week ahead, and the job keeps them there", async () => {
    // The day is read once, before the job runs: read after, a UTC midnight in between moved the expected week.
    const today = utcDay(Date.now());
    await eventPartitionsJob.handler({});
    await createEventPartitionsAhead({ daysAhead: 7, now: today * 86_400_000 });
    const names = await partitionNames();
    for (let d = today - 1; d <= today + 7; d++) expect(names).toContain(nameOf(d));
  });

  it("POST /api/v1/events stores an old event in a partition made on demand; retention drops it with its id and approval claims, and keeps the rollups", async () => {
    const gw = await createTestGateway();
    const ts = Date.now() - 89 * 86_400_000;
    const e = makeEvent({ timestamp: new Date(ts).toISOString(), approvalId: randomUUID() });
    const res = await gatewayApi("/events", gw.apiKey, { body: { events: [e] } });
    expect(res.json).toEqual({ accepted: 1, duplicates: 0 });
    expect(await partitionNames()).toContain(nameOf(utcDay(ts)));
    expect(await db().event.count({ where: { id: e.id } })).toBe(1);
    const other = await createTestGateway();
    const recent = makeEvent();
    expect((await gatewayApi("/events", other.apiKey, { body: { events: [recent] } })).json).toEqual({ accepted: 1, duplicates: 0 });
    expect(await db().eventClaim.count({ where: { id: { in: [e.id, recent.id] } } })).toBe(2);
    expect(await db().eventApprovalClaim.count({ where: { approvalId: e.approvalId! } })).toBe(1);

    const dropped = await dropExpiredEventPartitions({ retentionDays: 88 });
    expect(dropped).toContain(nameOf(utcDay(ts)));
    expect(await db().event.count({ where: { id: e.id } })).toBe(0);
    // The id claims of the dropped events go with them (the id is the key within the retention window);
    // the others stay.
    expect(await db().eventClaim.count({ where: { id: e.id } })).toBe(0);
    expect(await db().eventApprovalClaim.count({ where: { approvalId: e.approvalId! } })).toBe(0);
    expect(await db().eventClaim.count({ where: { id: recent.id } })).toBe(1);
    expect((await gatewayApi("/events", other.apiKey, { body: { events: [recent] } })).json).toEqual({ accepted: 0, duplicates: 1 });
    const rollup = await db().rollupHour.aggregate({ where: { gatewayId: gw.gatewayId }, _sum: { calls: true } });
    expect(rollup._sum.calls).toBe(1);
    // The API refuses what retention would drop.
    const tooOld = await gatewayApi("/events", gw.apiKey, { body: { events: [makeEvent({ timestamp: new Date(Date.now() - 91 * 86_400_000).toISOString() })] } });
    expect(tooOld.status).toBe(400);
  });

  it("sessions creating the same new days' partitions at once all succeed, and each day has one partition", async () => {
    const today = utcDay(Date.now()); // once: a UTC midnight during the test must not move the days checked
    const from = dayString(today - 80);
    const to = dayString(today - 77);
    const clients = Array.from({ length: 6 }, () => new pg.Client({ connectionString: inject("databaseUrl") }));
    await Promise.all(clients.map((c) => c.connect()));
    try {
      const created = await Promise.all(
        clients.map((c) => c.query<{ n: number }>("SELECT warden_ensure_event_partitions($1::date, $2::date) AS n", [from, to]).then((r) => r.rows[0].n)),
      );
      expect(created.reduce((a, b) => a + b, 0)).toBe(4);
    } finally {
      await Promise.all(clients.map((c) => c.end()));
    }
    const names = await partitionNames();
    for (let d = today - 80; d <= today - 77; d++) expect(names.filter((n) => n === nameOf(d))).toHaveLength(1);
    await dropExpiredEventPartitions({ retentionDays: 76, now: today * 86_400_000 });
  });
});
