import { readFile } from "node:fs/promises";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_INCIDENTS } from "../../lib/demo/demo-catalog";
import { incidentStart } from "../../lib/demo/seed-demo";
import { startAppServer, type AppServer } from "../support/app-server";
import { createScratchDatabase } from "../support/scratch-db";

// The living demo on an empty database: a second Warden with WARDEN_DEMO=1 on a scratch database.
let scratch: Awaited<ReturnType<typeof createScratchDatabase>>;
let server: AppServer;
let client: pg.Client;
const q = async <T = Record<string, unknown>>(sql: string, values: unknown[] = []) => (await client.query(sql, values)).rows as T[];

async function until<T>(what: string, fn: () => Promise<T | undefined | false>, timeoutMs = 120_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 500));
  }
}

beforeAll(async () => {
  scratch = await createScratchDatabase();
  client = new pg.Client({ connectionString: scratch.url });
  await client.connect();
  server = await startAppServer({ databaseUrl: scratch.url, name: "demo", env: { WARDEN_DEMO: "1", WARDEN_JOBS: "0" } });
}, 180_000);

afterAll(async () => {
  await server?.stop();
  await client?.end();
  await scratch?.drop();
});

describe("living demo", () => {
  it("seeds 30 days of history with rhythm, incidents and live traffic through the API", async () => {
    const seeded = await until("the seed to finish", async () => {
      const log = await readFile(server.logPath, "utf8");
      const line = log.split("\n").find((l) => l.includes('"demo: seeded history"'));
      return line ? (JSON.parse(line) as { events: number; ms: number }) : undefined;
    }, 170_000);
    console.log(`demo seed: ${seeded.events} events in ${(seeded.ms / 1000).toFixed(1)} s`);

    const [shape] = await q<{ events: number; gateways: number; servers: number; tools: number; users: number; teams: number; days: number }>(`
      SELECT count(*)::int AS events, count(DISTINCT gateway_id)::int AS gateways, count(DISTINCT server)::int AS servers,
        count(DISTINCT server || '.' || tool)::int AS tools, count(DISTINCT user_id)::int AS users, count(DISTINCT team)::int AS teams,
        extract(day FROM max(ts) - min(ts))::int AS days
      FROM events`);
    expect(shape.events).toBeGreaterThanOrEqual(seeded.events);
    expect(shape.gateways).toBeGreaterThanOrEqual(3);
    expect(shape.servers).toBeGreaterThanOrEqual(10);
    expect(shape.tools).toBeGreaterThanOrEqual(40);
    expect(shape.users).toBeGreaterThanOrEqual(20);
    expect(shape.teams).toBeGreaterThanOrEqual(5);
    expect(shape.days).toBeGreaterThanOrEqual(29);

    // Weekly rhythm: weekdays busier than weekends; daily rhythm: afternoons busier than nights.
    const [rhythm] = await q<{ weekday: number; weekend: number; afternoon: number; night: number }>(`
      SELECT avg(c) FILTER (WHERE dow BETWEEN 1 AND 4) AS weekday, avg(c) FILTER (WHERE dow IN (0, 6)) AS weekend,
        avg(c) FILTER (WHERE h BETWEEN 13 AND 15) AS afternoon, avg(c) FILTER (WHERE h BETWEEN 2 AND 4) AS night
      FROM (SELECT extract(dow FROM bucket AT TIME ZONE 'UTC') AS dow, extract(hour FROM bucket AT TIME ZONE 'UTC') AS h, sum(calls) AS c
            FROM rollup_hour GROUP BY bucket) x`);
    expect(Number(rhythm.weekday)).toBeGreaterThan(2 * Number(rhythm.weekend));
    expect(Number(rhythm.afternoon)).toBeGreaterThan(4 * Number(rhythm.night));

    // Incidents at their known times.
    const i = DEMO_INCIDENTS;
    const errAt = new Date(incidentStart(i.errorSpike.hoursAgo));
    const [err] = await q<{ calls: number; errors: number }>(
      "SELECT sum(calls)::int AS calls, sum(errors)::int AS errors FROM rollup_hour WHERE bucket = $1 AND server = $2 AND tool = $3",
      [errAt, i.errorSpike.server, i.errorSpike.tool],
    );
    expect(err.errors / err.calls).toBeGreaterThan(0.5);
    const [inj] = await q<{ n: number }>(
      "SELECT sum(calls)::int AS n FROM rollup_flag_minute WHERE flag = 'prompt_injection' AND bucket >= $1 AND bucket < $1::timestamptz + interval '30 minutes'",
      [new Date(incidentStart(i.promptInjection.hoursAgo))],
    );
    expect(inj.n).toBeGreaterThanOrEqual(i.promptInjection.calls);
    const [burst] = await q<{ n: number }>(
      "SELECT count(*)::int AS n FROM events WHERE user_id = $1 AND ts >= $2 AND ts < $2::timestamptz + interval '45 minutes'",
      [i.userBurst.userId, new Date(incidentStart(i.userBurst.hoursAgo))],
    );
    expect(burst.n).toBeGreaterThan(200);
    // (the spike's three hours may straddle midnight UTC: compare them with whole days outside them)
    const [cost] = await q<{ spike: string; usual: string }>(
      `SELECT (SELECT sum(cost_usd) FROM events WHERE user_id = $1 AND ts >= $2 AND ts < $2::timestamptz + $3 * interval '1 minute') AS spike,
              (SELECT max(cost_usd) FROM rollup_user_day WHERE user_id = $1
                AND day NOT BETWEEN ($2::timestamptz AT TIME ZONE 'UTC')::date
                                AND (($2::timestamptz + $3 * interval '1 minute') AT TIME ZONE 'UTC')::date) AS usual`,
      [i.costSpike.userId, new Date(incidentStart(i.costSpike.hoursAgo)), i.costSpike.minutes],
    );
    expect(Number(cost.spike)).toBeGreaterThan(5 * Number(cost.usual));

    // Live traffic: the demo gateway's own key sends events over HTTP.
    await until("live events", async () => {
      const rows = await q<{ n: number }>(
        "SELECT count(*)::int AS n FROM api_keys WHERE name = 'demo live traffic' AND last_used_at IS NOT NULL",
      );
      return rows[0].n > 0;
    }, 60_000);
    await until("live events stored", async () => (await q<{ n: number }>("SELECT count(*)::int AS n FROM events"))[0].n > shape.events, 60_000);
  }, 300_000);

  it("does not seed again on restart", async () => {
    const [before] = await q<{ n: number }>("SELECT count(*)::int AS n FROM gateways");
    await server.stop();
    server = await startAppServer({ databaseUrl: scratch.url, name: "demo-restart", env: { WARDEN_DEMO: "1", WARDEN_JOBS: "0" } });
    await until("the demo to notice existing data", async () => (await readFile(server.logPath, "utf8")).includes("not seeding"), 60_000);
    const [after] = await q<{ n: number }>("SELECT count(*)::int AS n FROM gateways");
    expect(after.n).toBe(before.n);
  }, 120_000);
});
