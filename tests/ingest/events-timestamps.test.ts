// Event times are normalised once, to the instant Postgres stores in events.ts (timestamptz(3)), before
// ingest picks partitions and counts new rows (lib/ingest/normalize-timestamp.ts). Real HTTP, real Postgres.
import pg from "pg";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { dayString, utcDay } from "../../lib/ingest/event-partitions";
import { normalizeTimestamp } from "../../lib/ingest/normalize-timestamp";
import { createTestGateway, gatewayApi } from "../support/gateways";
import { makeEvent } from "./event-factory";

let client: pg.Client;
beforeAll(async () => {
  client = new pg.Client({ connectionString: inject("databaseUrl") });
  await client.connect();
});
afterAll(async () => {
  await client?.end();
});

/** Where and as what an event was stored: its time (ISO, ms) and its partition; null if absent. */
async function storedRow(id: string): Promise<{ ts: string; partition: string }[]> {
  const { rows } = await client.query<{ ts: Date; partition: string }>(
    "SELECT ts, tableoid::regclass::text AS partition FROM events WHERE id = $1::uuid",
    [id],
  );
  return rows.map((r) => ({ ts: r.ts.toISOString(), partition: r.partition }));
}

async function minuteCalls(gatewayId: string): Promise<number> {
  const { rows } = await client.query<{ n: string }>("SELECT coalesce(sum(calls), 0) AS n FROM rollup_minute WHERE gateway_id = $1::uuid", [gatewayId]);
  return Number(rows[0].n);
}

const partitionOf = (day: number) => `events_p${dayString(day).replace(/-/g, "")}`;

describe("POST /api/v1/events timestamps", { timeout: 60_000 }, () => {
  it("POST /api/v1/events stores <day>T23:59:59.9996Z as <next day>T00:00:00.000Z, in the next day's partition, once", async () => {
    // The reported case was 2026-10-27T23:59:59.9996Z, 40 days before the report: the same, kept inside
    // the retention window whenever the test runs.
    const day = utcDay(Date.now()) - 40;
    const gw = await createTestGateway();
    const e = makeEvent({ timestamp: `${dayString(day)}T23:59:59.9996Z` });
    const first = await gatewayApi("/events", gw.apiKey, { body: { events: [e] } });
    expect(first.status).toBe(200);
    expect(first.json).toEqual({ accepted: 1, duplicates: 0 });
    expect(await storedRow(e.id)).toEqual([{ ts: `${dayString(day + 1)}T00:00:00.000Z`, partition: partitionOf(day + 1) }]);
    const again = await gatewayApi("/events", gw.apiKey, { body: { events: [e] } });
    expect(again.json).toEqual({ accepted: 0, duplicates: 1 });
    expect(await minuteCalls(gw.gatewayId)).toBe(1);
  });

  it("POST /api/v1/events stores a time that rounds past midnight on a day nobody wrote yet (its partition made on demand)", async () => {
    // A day between 45 and 70 days ago that other tests are unlikely to have written, so the next day's
    // partition is most likely missing: the case that answered 500 on every retry. (The partitions test
    // drops days older than 76.)
    const day = utcDay(Date.now()) - 45 - Math.floor(Math.random() * 26);
    const gw = await createTestGateway();
    const e = makeEvent({ timestamp: `${dayString(day)}T23:59:59.99951+00:00` });
    const res = await gatewayApi("/events", gw.apiKey, { body: { events: [e, makeEvent({ timestamp: `${dayString(day)}T12:00:00Z` })] } });
    expect(res.status).toBe(200);
    expect(res.json).toEqual({ accepted: 2, duplicates: 0 });
    expect(await storedRow(e.id)).toEqual([{ ts: `${dayString(day + 1)}T00:00:00.000Z`, partition: partitionOf(day + 1) }]);
  });

  it("POST /api/v1/events counts a new event with sub-millisecond precision as accepted, and a re-send as a duplicate", async () => {
    const gw = await createTestGateway();
    const base = new Date(Date.now() - 60_000).toISOString().slice(0, 19);
    const e = makeEvent({ timestamp: `${base}.123456Z` });
    const first = await gatewayApi("/events", gw.apiKey, { body: { events: [e] } });
    expect(first.json).toEqual({ accepted: 1, duplicates: 0 });
    expect((await storedRow(e.id)).map((r) => r.ts)).toEqual([`${base}.123Z`]);
    // The same id at the same stored instant, however it is written, is the same event.
    for (const timestamp of [e.timestamp, `${base}.1234Z`, `${base}.12300Z`]) {
      const again = await gatewayApi("/events", gw.apiKey, { body: { events: [{ ...e, timestamp }] } });
      expect(again.json).toEqual({ accepted: 0, duplicates: 1 });
    }
    expect(await storedRow(e.id)).toHaveLength(1);
    expect(await minuteCalls(gw.gatewayId)).toBe(1);
  });

  it("normalizeTimestamp gives the instant Postgres stores in events.ts, for fractions, halves, offsets and years before 2000", async () => {
    const { rows: col } = await client.query<{ type: string }>(
      "SELECT format_type(atttypid, atttypmod) AS type FROM pg_attribute WHERE attrelid = 'events'::regclass AND attname = 'ts'",
    );
    expect(col[0].type).toBe("timestamp(3) with time zone"); // the precision normalize-timestamp.ts assumes
    const fractions = ["", ".5", ".0005", ".0004999", ".00049951", ".0004995", ".0005005", ".0004985", ".0000005", ".0000015", ".9995", ".9996",
      ".99949999", ".9999995", ".1234565", ".1234575", ".999999999", ".000000001", ".12345678901234567890"];
    // Random fractions of 4 to 9 digits, around the half-millisecond and half-microsecond boundaries too.
    let seed = 42;
    const rand = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    for (let i = 0; i < 400; i++) {
      const digits = 4 + Math.floor(rand() * 6);
      const n = i % 2 ? Math.floor(rand() * 10 ** digits) : Math.floor(rand() * 1000) * 10 ** (digits - 3) + 5 * 10 ** (digits - 4);
      fractions.push(`.${String(n).padStart(digits, "0")}`);
    }
    const bases = ["2026-10-27T23:59:59", "1999-12-31T23:59:59", "2000-01-01T00:00:00", "2026-12-31T12:30:00"];
    const zones = ["Z", "+00:00", "+05:30", "-08:00", "-00:00"];
    const inputs: string[] = [];
    for (const b of bases) for (const f of fractions) inputs.push(`${b}${f}${zones[inputs.length % zones.length]}`);
    const { rows } = await client.query<{ ms: string }>(
      "SELECT (extract(epoch FROM t::timestamptz(3)) * 1000)::bigint::text AS ms FROM unnest($1::text[]) WITH ORDINALITY AS u(t, n) ORDER BY n",
      [inputs],
    );
    const mismatches = inputs
      .map((input, i) => ({ input, postgres: Number(rows[i].ms), ours: normalizeTimestamp(input)?.ms }))
      .filter((r) => r.postgres !== r.ours);
    expect(mismatches).toEqual([]);
    expect(normalizeTimestamp("1999-12-31T23:59:59.9995Z")?.iso).toBe("1999-12-31T23:59:59.999Z"); // half away from 2000-01-01
    expect(normalizeTimestamp("2026-10-27T23:59:59.9996Z")?.iso).toBe("2026-10-28T00:00:00.000Z");
    expect(normalizeTimestamp("2026-10-27 23:59")).toBeNull();
  });
});
