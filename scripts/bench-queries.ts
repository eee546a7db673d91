// npm run bench:queries — dashboard query latency on this machine, over HTTP against the real server.
//
// On one fresh embedded Postgres it generates events inside Postgres (set-based INSERT … SELECT over
// generate_series, no COPY, no client round trips): 30 days with a daily and weekly rhythm, 5 gateways,
// 12 MCP servers × 4 tools, 400 users in 8 teams (each team on its home gateway and its own dozen tools,
// Zipf popularity), lognormal durations and costs,
// ~3 % errors, timeouts/blocked/denied, risk flags, and three incidents (an error spike on one tool, a
// cost spike of one team, a prompt-injection burst). The rollups are then built from those events with
// lib/metrics/rebuild-rollups.ts — the same definitions as ingest (tests/metrics/rebuild-rollups.test.ts
// proves it). At each size (1 M, then 9 M more = 10 M) it times every overview chart endpoint and the
// explorer's first page for the 24 h and 30 d ranges, with 1 and with 8 concurrent users, and prints
// p50/p95 per endpoint, then the 10 M / 1 M ratio.
//
// Targets: p95 ≤ 100 ms per endpoint with 1 user, ≤ 250 ms with 8, 10 M no slower than 4 × 1 M.
//
// Environment: BENCH_SIZES (default "1000000,10000000", cumulative totals), BENCH_SAMPLES (requests per
// endpoint with 1 user, default 40; with 8 users each user sends BENCH_SAMPLES / 4), BENCH_DATA_DIR (keep
// the database there instead of a temp dir; an existing one is reused if it already holds the data),
// WARDEN_DIST_DIR (the production build the server runs; `npm run build` first).
import { randomUUID } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { startEmbeddedPostgres } from "../lib/db/embedded-postgres";
import { applyMigrations } from "../lib/db/migrate";
import { startAppServer } from "../tests/support/app-server";

const SIZES = (process.env.BENCH_SIZES ?? "1000000,10000000").split(",").map(Number);
const SAMPLES = Number(process.env.BENCH_SAMPLES ?? 40);
const DIST = process.env.WARDEN_DIST_DIR ?? ".next";
const CHUNK = 1_000_000;
const DAYS = 30;

if (!existsSync(path.join(DIST, "BUILD_ID"))) {
  console.error(`No production build in ${DIST}: run \`WARDEN_DIST_DIR=${DIST} npx next build\` first.`);
  process.exit(1);
}

const log = (msg: string) => console.log(`[${new Date().toISOString().slice(11, 19)}] ${msg}`);

// ───────────────────────────── data generation ─────────────────────────────

/** Cumulative thresholds (without the final 1) of weights, for width_bucket(random(), thresholds). */
function thresholds(weights: number[]): number[] {
  const total = weights.reduce((a, b) => a + b, 0);
  const out: number[] = [];
  let acc = 0;
  for (let i = 0; i < weights.length - 1; i++) {
    acc += weights[i];
    out.push(acc / total);
  }
  return out;
}

const zipf = (n: number, s: number) => Array.from({ length: n }, (_, i) => 1 / (i + 1) ** s);

/** Weight of each of the 720 hours before `now`: a working-day bell around 13:00 UTC, weekends at 35 %. */
function hourWeights(now: number): number[] {
  return Array.from({ length: DAYS * 24 }, (_, k) => {
    const t = new Date(now - (DAYS * 24 - k) * 3600_000);
    const h = t.getUTCHours();
    const weekend = t.getUTCDay() === 0 || t.getUTCDay() === 6;
    return (0.2 + Math.exp(-((h - 13) ** 2) / (2 * 3.5 ** 2))) * (weekend ? 0.35 : 1);
  });
}

const GENERATE_SQL = `
INSERT INTO events (id, ts, received_at, gateway_id, user_id, team, agent, session_id, trace_id, server, tool, status, error_type,
  duration_ms, cost_usd, input_tokens, output_tokens, risk_flags, params, result_summary)
SELECT gen_random_uuid(), ts, ts + make_interval(secs => 0.05 + r_dur1 * 0.5), gateways[gi], 'user' || u || '@corp.example', team,
  (ARRAY['claude-code', 'cursor', 'internal-bot'])[1 + u % 3], 's-' || u || '-' || (i % 40), NULL,
  server, tool, status,
  CASE status WHEN 'error' THEN (ARRAY['upstream_500', 'ECONNRESET', 'invalid_params', 'rate_limited'])[1 + (i % 4)] WHEN 'timeout' THEN 'timeout' END,
  CASE WHEN status = 'timeout' THEN 30000 WHEN r_cost < 0.02 THEN NULL
       ELSE least(86400000, round(exp(ln(60 + (t % 6) * 80) + 0.8 * sqrt(-2 * ln(r_dur1)) * cos(2 * pi() * r_dur2))))::int END,
  CASE WHEN llm THEN round((0.02 * exp(0.7 * sqrt(-2 * ln(r_dur2)) * cos(2 * pi() * r_dur1)) * cost_factor)::numeric, 6)
       WHEN r_cost < 0.7 THEN round(((0.0005 + r_cost * 0.003) * cost_factor)::numeric, 6) END,
  CASE WHEN llm THEN 400 + (r_cost * 4000)::int END,
  CASE WHEN llm THEN 100 + (r_dur1 * 1500)::int END,
  CASE WHEN r_flag < flag_p THEN ARRAY['prompt_injection']
       WHEN r_flag < flag_p + 0.012 THEN ARRAY[(ARRAY['secret_redacted', 'pii_redacted', 'tool_changed', 'rate_limited', 'budget_exceeded'])[1 + (i % 5)]]
       WHEN r_flag < flag_p + 0.015 THEN ARRAY['pii_redacted', 'secret_redacted']
       ELSE '{}'::text[] END,
  jsonb_build_object('path', '/srv/data/file-' || (i % 100000) || '.txt', 'limit', 1 + i % 100, 'recursive', i % 2 = 0),
  CASE WHEN status = 'ok' THEN 'returned ' || (i % 50) || ' items' END
FROM (
  SELECT *,
    CASE WHEN r_status < p_err THEN 'error' WHEN r_status < p_err + 0.01 THEN 'timeout' WHEN r_status < p_err + 0.022 THEN 'blocked'
         WHEN r_status < p_err + 0.027 THEN 'denied' ELSE 'ok' END AS status
  FROM (
    SELECT *,
      'mcp-' || (t / 4) AS server,
      'mcp-' || (t / 4) || '.' || (ARRAY['read', 'write', 'search', 'admin'])[1 + t % 4] || '_' || t AS tool,
      (ARRAY['platform', 'data', 'research', 'sales', 'support', 'security', 'finance', 'ops'])[1 + u % 8] AS team,
      t % 5 = 0 AS llm,
      -- incidents: error spike of one tool 26–24 h ago; a cost spike of team research 50–47 h ago; prompt injection burst 8–7 h ago
      CASE WHEN t = 2 AND ts >= $2::timestamptz - interval '26 hours' AND ts < $2::timestamptz - interval '24 hours' THEN 0.45
           ELSE 0.02 + CASE WHEN t % 7 = 3 THEN 0.06 ELSE 0 END END AS p_err,
      CASE WHEN u % 8 = 2 AND ts >= $2::timestamptz - interval '50 hours' AND ts < $2::timestamptz - interval '47 hours' THEN 12 ELSE 1 END AS cost_factor,
      CASE WHEN t IN (13, 14) AND ts >= $2::timestamptz - interval '8 hours' AND ts < $2::timestamptz - interval '7 hours' THEN 0.3 ELSE 0.002 END AS flag_p
    FROM (
      SELECT i, r_status, r_dur1, r_dur2, r_cost, r_flag,
        $2::timestamptz - interval '720 hours' + (width_bucket(r_hour, $3::float8[]) + r_min) * interval '1 hour' AS ts,
        -- a team works through its home gateway (90 %) and on its own dozen tools (97 %, Zipf inside the set)
        CASE WHEN r_gw < 0.9 THEN 1 + u % 8 % 4 ELSE 1 + width_bucket(r_gw2, $4::float8[]) END AS gi,
        CASE WHEN r_tail < 0.03 THEN floor(r_tool * 48)::int ELSE ((u % 8) * 6 + width_bucket(r_tool, $5::float8[])) % 48 END AS t,
        u
      FROM (
        SELECT i, random() AS r_hour, random() AS r_min, random() AS r_gw, random() AS r_gw2, random() AS r_tool, random() AS r_tail,
          width_bucket(random(), $6::float8[]) AS u, random() AS r_status,
          greatest(random(), 1e-12) AS r_dur1, greatest(random(), 1e-12) AS r_dur2, random() AS r_cost, random() AS r_flag
        FROM generate_series(1, $1::int) AS i
      ) r
    ) d
  ) e
) f, (SELECT $7::uuid[] AS gateways) g`;

async function generate(client: import("pg").PoolClient, n: number, now: Date, gatewayIds: string[]) {
  const args = [
    now.toISOString(),
    thresholds(hourWeights(now.getTime())),
    thresholds([0.4, 0.25, 0.15, 0.12, 0.08]),
    thresholds(zipf(12, 1.1)),
    thresholds(zipf(400, 0.9)),
    gatewayIds,
  ];
  for (let done = 0; done < n; done += CHUNK) {
    const size = Math.min(CHUNK, n - done);
    const t0 = Date.now();
    await client.query(GENERATE_SQL, [size, ...args]);
    log(`  inserted ${(done + size).toLocaleString("en-US")} / ${n.toLocaleString("en-US")} events (${((Date.now() - t0) / 1000).toFixed(1)} s for this chunk)`);
  }
}

// ───────────────────────────── HTTP timing ─────────────────────────────

async function signIn(base: string, email: string, password: string): Promise<string> {
  const csrfRes = await fetch(`${base}/api/auth/csrf`);
  const { csrfToken } = (await csrfRes.json()) as { csrfToken: string };
  const jar = csrfRes.headers.getSetCookie().map((c) => c.split(";")[0]).join("; ");
  const res = await fetch(`${base}/api/auth/callback/credentials`, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded", cookie: jar, origin: base },
    body: new URLSearchParams({ csrfToken, email, password, json: "true" }),
  });
  const cookie = res.headers.getSetCookie().map((c) => c.split(";")[0]).join("; ");
  if (!cookie.includes("warden.session=")) throw new Error("bench sign-in failed");
  return cookie;
}

const ENDPOINTS = [
  { name: "kpis", path: "/api/metrics/kpis" },
  { name: "calls", path: "/api/metrics/calls" },
  { name: "error-rate", path: "/api/metrics/error-rate" },
  { name: "latency", path: "/api/metrics/latency" },
  { name: "cost by team", path: "/api/metrics/cost?by=team" },
  { name: "cost by tool", path: "/api/metrics/cost?by=tool" },
  { name: "top-tools", path: "/api/metrics/top-tools" },
  { name: "top users", path: "/api/metrics/top-spenders?by=user" },
  { name: "top teams", path: "/api/metrics/top-spenders?by=team" },
  { name: "risk-flags", path: "/api/metrics/risk-flags" },
  { name: "filter options", path: "/api/metrics/options" },
  { name: "explorer page 1", path: "/api/events?limit=50" },
] as const;

const quantile = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))];

async function timeRequests(url: string, cookie: string, users: number, perUser: number): Promise<{ p50: number; p95: number }> {
  const samples: number[] = [];
  const one = async () => {
    const t0 = performance.now();
    const res = await fetch(url, { headers: { cookie } });
    await res.arrayBuffer();
    if (res.status !== 200) throw new Error(`${url} answered ${res.status}`);
    return performance.now() - t0;
  };
  for (let i = 0; i < 2; i++) await one(); // warm-up (plans, connections)
  await Promise.all(
    Array.from({ length: users }, async () => {
      for (let i = 0; i < perUser; i++) samples.push(await one());
    }),
  );
  samples.sort((a, b) => a - b);
  return { p50: quantile(samples, 0.5), p95: quantile(samples, 0.95) };
}

type Result = Record<string, { c1: { p50: number; p95: number }; c8: { p50: number; p95: number } }>;

async function measure(base: string, cookie: string): Promise<Result> {
  const out: Result = {};
  for (const range of ["24h", "30d"]) {
    for (const e of ENDPOINTS) {
      const url = `${base}${e.path}${e.path.includes("?") ? "&" : "?"}range=${range}`;
      const c1 = await timeRequests(url, cookie, 1, SAMPLES);
      const c8 = await timeRequests(url, cookie, 8, Math.max(3, Math.round(SAMPLES / 4)));
      out[`${e.name} ${range}`] = { c1, c8 };
    }
  }
  return out;
}

const ms = (v: number) => v.toFixed(1).padStart(7);

function printResult(label: string, r: Result) {
  console.log(`\n${label}`);
  console.log(`${"endpoint".padEnd(24)} ${"1 user p50".padStart(11)} ${"p95".padStart(7)} ${"8 users p50".padStart(12)} ${"p95".padStart(7)}  targets`);
  for (const [k, v] of Object.entries(r)) {
    const ok = v.c1.p95 <= 100 && v.c8.p95 <= 250;
    console.log(`${k.padEnd(24)} ${ms(v.c1.p50)}     ${ms(v.c1.p95)} ${ms(v.c8.p50)}      ${ms(v.c8.p95)}  ${ok ? "ok" : "MISSED"}`);
  }
}

// ───────────────────────────── main ─────────────────────────────

async function main() {
  const keep = process.env.BENCH_DATA_DIR;
  const dataDir = keep ? path.resolve(keep) : await mkdtemp(path.join(tmpdir(), "warden-bench-queries-"));
  log(`embedded Postgres in ${dataDir}`);
  const pgHandle = await startEmbeddedPostgres({ dataDir });
  process.env.DATABASE_URL = pgHandle.url;
  await applyMigrations(pgHandle.url);
  const { pool, closeDb } = await import("../lib/db");
  const { rebuildRollups } = await import("../lib/metrics/rebuild-rollups");
  const { createUser } = await import("../lib/auth/create-user");

  const server = await startAppServer({ databaseUrl: pgHandle.url, name: "bench-queries", env: { WARDEN_DIST_DIR: DIST, WARDEN_JOBS: "0", LOG_LEVEL: "warn" } });
  log(`server ${server.url}`);
  const email = `bench-${randomUUID().slice(0, 8)}@warden.test`;
  const password = `pw-${randomUUID()}`;
  await createUser({ input: { email, password, roles: ["security"] }, actor: { email: "bench" } });
  const cookie = await signIn(server.url, email, password);

  const now = new Date();
  const client = await pool().connect();
  const results: { size: number; result: Result }[] = [];
  try {
    await client.query("SET synchronous_commit = off");
    await client.query("SELECT warden_ensure_event_partitions(($1::timestamptz - interval '31 days')::date, ($1::timestamptz + interval '2 days')::date)", [now.toISOString()]);
    let gatewayIds = (await client.query<{ id: string }>("SELECT id FROM gateways WHERE name LIKE 'bench-gw-%' ORDER BY name")).rows.map((r) => r.id);
    if (gatewayIds.length === 0) {
      for (const name of ["bench-gw-prod-us", "bench-gw-prod-eu", "bench-gw-staging", "bench-gw-ci", "bench-gw-lab"]) {
        const { rows } = await client.query<{ id: string }>("INSERT INTO gateways (id, name) VALUES (gen_random_uuid(), $1) RETURNING id", [name]);
        gatewayIds.push(rows[0].id);
      }
    }
    for (const size of SIZES) {
      const { rows } = await client.query<{ n: number }>("SELECT count(*)::int8 AS n FROM events");
      const have = Number(rows[0].n);
      if (have < size) {
        log(`generating ${(size - have).toLocaleString("en-US")} events (total ${size.toLocaleString("en-US")})`);
        const t0 = Date.now();
        await generate(client, size - have, now, gatewayIds);
        const from = new Date(Math.floor((now.getTime() - (DAYS + 1) * 86_400_000) / 86_400_000) * 86_400_000);
        const to = new Date(Math.floor(now.getTime() / 86_400_000) * 86_400_000 + 86_400_000);
        const t1 = Date.now();
        await rebuildRollups({ from, to });
        log(`  events ${((t1 - t0) / 1000).toFixed(0)} s, rollups ${((Date.now() - t1) / 1000).toFixed(0)} s; VACUUM ANALYZE…`);
        await client.query("VACUUM ANALYZE events, rollup_minute, rollup_hour, rollup_user_day, rollup_flag_minute");
      } else if (have > size) {
        log(`the database holds ${have.toLocaleString("en-US")} events, more than ${size.toLocaleString("en-US")}: measuring with those`);
      }
      const facts = await client.query<{ t: string; rows: number; bytes: number }>(
        `SELECT t, (xpath('/row/c/text()', query_to_xml(format('SELECT count(*) AS c FROM %I', t), false, true, '')))[1]::text::int8 AS rows,
                pg_total_relation_size(t::regclass) + coalesce((SELECT sum(pg_total_relation_size(inhrelid)) FROM pg_inherits WHERE inhparent = t::regclass), 0) AS bytes
         FROM unnest(ARRAY['events', 'rollup_minute', 'rollup_hour', 'rollup_user_day', 'rollup_flag_minute']) AS t`,
      );
      log(`data: ${facts.rows.map((f) => `${f.t} ${Number(f.rows).toLocaleString("en-US")} rows / ${(Number(f.bytes) / 1024 ** 2).toFixed(0)} MiB`).join("; ")}`);
      log(`timing ${ENDPOINTS.length} endpoints × 2 ranges, 1 user × ${SAMPLES} requests and 8 users × ${Math.max(3, Math.round(SAMPLES / 4))} requests each`);
      const result = await measure(server.url, cookie);
      results.push({ size: Math.max(size, have), result });
      printResult(`== ${Math.max(size, have).toLocaleString("en-US")} events: latency in ms over HTTP (p50 / p95) ==`, result);
    }
  } finally {
    client.release();
  }

  if (results.length >= 2) {
    const [small, large] = [results[0], results[results.length - 1]];
    console.log(`\n== ${large.size.toLocaleString("en-US")} vs ${small.size.toLocaleString("en-US")} events: p95 ratio (target ≤ 4) ==`);
    for (const k of Object.keys(large.result)) {
      const r1 = large.result[k].c1.p95 / small.result[k].c1.p95;
      const r8 = large.result[k].c8.p95 / small.result[k].c8.p95;
      console.log(`${k.padEnd(24)} 1 user ${r1.toFixed(2).padStart(5)}×   8 users ${r8.toFixed(2).padStart(5)}×  ${r1 <= 4 && r8 <= 4 ? "ok" : "MISSED"}`);
    }
  }

  await server.stop();
  await closeDb();
  await pgHandle.stop();
  if (!keep) await rm(dataDir, { recursive: true, force: true });
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
