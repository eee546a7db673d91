// npm run bench:spend — authorizations per second against POST /api/v1/spend/authorize with 50 concurrent
// clients across a mix of budgets (global, team, user, tool; hard and soft), p50/p99 latency, and the proof
// that reserved + spent never exceeded any hard limit, checked in the database during and after the run.
//
// It starts its own embedded Postgres (temp dir) and a Warden server (production build from
// WARDEN_DIST_DIR, default .next), seeds through the lib functions, and only talks over loopback.
// Knobs: BENCH_SECONDS (default 20), BENCH_CLIENTS (default 50), BENCH_GLOBAL=0 to leave out the global
// budget (every authorization then no longer queues on one shared row), BENCH_HTTP=node to send with
// Node's http.request instead of the lighter keep-alive client (scripts/keep-alive-client.ts): the
// clients run on the same machine as the server, and the CPU line says what each side used.
// BENCH_LIMIT_SCALE (default 1) multiplies every limit: at 1 most hard budgets fill during the run (the
// race at the limit is what the proof is about); at 1000 nearly every authorization is allowed and
// reserves on all its budgets (the heavier path).
import http from "node:http";
import { mkdtemp, rm } from "node:fs/promises";
import { availableParallelism, loadavg, tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { startEmbeddedPostgres } from "../lib/db/embedded-postgres";
import { applyMigrations } from "../lib/db/migrate";
import { startAppServer } from "../tests/support/app-server";
import { cpuSample, cpuSince } from "./bench-cpu";
import { KeepAliveClient } from "./keep-alive-client";

const SECONDS = Number(process.env.BENCH_SECONDS ?? 20);
const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 50);
const WITH_GLOBAL = process.env.BENCH_GLOBAL !== "0";
const NODE_HTTP = process.env.BENCH_HTTP === "node";
const SCALE = Number(process.env.BENCH_LIMIT_SCALE ?? 1);
const TEAMS = 10;
const USERS = 400;
const TOOLS = ["search", "summarize", "translate", "render", "transcribe", "classify"];

function rand(n: number) {
  return Math.floor(Math.random() * n);
}

function percentile(sorted: number[], p: number) {
  if (!sorted.length) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

async function main() {
  const dataDir = await mkdtemp(path.join(tmpdir(), "warden-bench-spend-"));
  const pgHandle = await startEmbeddedPostgres({ dataDir });
  let server: Awaited<ReturnType<typeof startAppServer>> | undefined;
  const monitor = new pg.Client({ connectionString: pgHandle.url });
  try {
    await applyMigrations(pgHandle.url);
    process.env.DATABASE_URL = pgHandle.url;
    server = await startAppServer({
      databaseUrl: pgHandle.url,
      name: "bench-spend",
      env: { WARDEN_DIST_DIR: process.env.WARDEN_DIST_DIR ?? ".next", WARDEN_INGEST_RATE_PER_MIN: "100000000", LOG_LEVEL: "warn", WARDEN_JOBS: "1" },
    });

    // Seed: one gateway; budgets for every team, half the users, each tool, and (by default) everything.
    const { createGateway } = await import("../lib/gateways/create-gateway");
    const { createBudget } = await import("../lib/budgets/create-budget");
    const { closeDb } = await import("../lib/db");
    const actor = { email: "bench" };
    const gw = await createGateway({ input: { name: "bench-gateway" }, actor });
    const limits = { team: [] as number[] };
    if (WITH_GLOBAL) await createBudget({ input: { name: "everything", scope: "global", period: "month", limitUsd: 20_000 * SCALE, mode: "hard" }, actor });
    for (let t = 0; t < TEAMS; t++) {
      const limit = (500 + t * 150) * SCALE;
      limits.team.push(limit);
      await createBudget({ input: { name: `team-${t}`, scope: "team", scopeValue: `team-${t}`, period: "week", limitUsd: limit, mode: t % 4 === 3 ? "soft" : "hard" }, actor });
    }
    for (let u = 0; u < USERS; u += 2) {
      await createBudget({ input: { name: `user-${u}`, scope: "user", scopeValue: `user-${u}`, period: "day", limitUsd: (5 + (u % 40)) * SCALE, mode: "hard" }, actor });
    }
    for (const [i, tool] of TOOLS.entries()) {
      await createBudget({ input: { name: `tool-${tool}`, scope: "tool", scopeValue: tool, period: "month", limitUsd: (800 + i * 400) * SCALE, mode: i === 0 ? "soft" : "hard" }, actor });
    }
    await closeDb();

    const agent = new http.Agent({ keepAlive: true, maxSockets: CLIENTS });
    const url = new URL(`${server.url}/api/v1/spend/authorize`);
    const auth = `Bearer ${gw.apiKey}`;
    const nodePost = (body: string) =>
      new Promise<{ status: number; text: string }>((resolve, reject) => {
        const req = http.request(
          { agent, host: url.hostname, port: url.port, path: url.pathname, method: "POST", headers: { authorization: auth, "content-type": "application/json", "content-length": Buffer.byteLength(body) } },
          (res) => {
            let text = "";
            res.setEncoding("utf8");
            res.on("data", (c) => (text += c));
            res.on("end", () => resolve({ status: res.statusCode ?? 0, text }));
          },
        );
        req.on("error", reject);
        req.end(body);
      });
    // One connection per client.
    const connections: KeepAliveClient[] = [];
    const clients = Array.from({ length: CLIENTS }, () => {
      if (NODE_HTTP) return nodePost;
      const c = new KeepAliveClient(url, { authorization: auth });
      connections.push(c);
      return (body: string) => c.post(url.pathname, body);
    });
    const call = (post: (body: string) => Promise<{ status: number; text: string }>) => {
      const u = rand(USERS);
      const cents = 1 + rand(100);
      return post(JSON.stringify({ userId: `user-${u}`, team: `team-${u % TEAMS}`, server: "paid", tool: TOOLS[rand(TOOLS.length)], estimatedCostUsd: (cents / 100).toFixed(2) }));
    };

    // Warm-up: route compiled, connections open.
    await Promise.all(clients.map((post) => call(post)));

    await monitor.connect();
    const VIOLATIONS_SQL = `SELECT count(*)::int AS n, coalesce(max((bp.spent_usd + bp.reserved_usd) / nullif(b.limit_usd, 0)), 0)::float8 AS worst
      FROM budget_periods bp JOIN budgets b ON b.id = bp.budget_id
      WHERE b.mode = 'hard' AND bp.spent_usd + bp.reserved_usd > b.limit_usd`;
    let samples = 0;
    let sampledViolations = 0;
    let sampling = true;
    const sampler = (async () => {
      while (sampling) {
        const { rows } = await monitor.query<{ n: number }>(VIOLATIONS_SQL);
        samples++;
        sampledViolations += rows[0].n;
        await new Promise((r) => setTimeout(r, 250));
      }
    })();

    const latencies: number[] = [];
    const load0 = loadavg()[0];
    const cpu0 = cpuSample({ postgresDataDir: dataDir });
    const { rows: mark } = await monitor.query<{ t: Date }>("SELECT clock_timestamp() AS t");
    let allowed = 0;
    let refused = 0;
    let errors = 0;
    const started = performance.now();
    const deadline = started + SECONDS * 1000;
    await Promise.all(
      clients.map(async (post) => {
        while (performance.now() < deadline) {
          const t0 = performance.now();
          try {
            const res = await call(post);
            latencies.push(performance.now() - t0);
            if (res.status !== 200) errors++;
            else if (res.text.startsWith('{"allowed":true')) allowed++;
            else refused++;
          } catch {
            errors++;
          }
        }
      }),
    );
    const elapsed = (performance.now() - started) / 1000;
    const cpu = cpuSince(cpu0, cpuSample({ postgresDataDir: dataDir }));
    const load1 = loadavg()[0];
    sampling = false;
    await sampler;
    agent.destroy();
    for (const c of connections) c.close();

    const { rows: endState } = await monitor.query<{ hard: number; worst: number; violations: number; reserved_mismatch: number; exhausted: number }>(`
      WITH lines AS (
        SELECT rl.budget_period_id AS id, sum(rl.amount_usd) AS active
        FROM reservation_lines rl JOIN reservations r ON r.id = rl.reservation_id AND r.status = 'active' GROUP BY 1
      )
      SELECT count(*) FILTER (WHERE b.mode = 'hard')::int AS hard,
             coalesce(max((bp.spent_usd + bp.reserved_usd) / nullif(b.limit_usd, 0)) FILTER (WHERE b.mode = 'hard'), 0)::float8 AS worst,
             count(*) FILTER (WHERE b.mode = 'hard' AND bp.spent_usd + bp.reserved_usd > b.limit_usd)::int AS violations,
             count(*) FILTER (WHERE bp.reserved_usd <> coalesce(l.active, 0))::int AS reserved_mismatch,
             count(*) FILTER (WHERE b.mode = 'hard' AND bp.spent_usd + bp.reserved_usd + 1 > b.limit_usd)::int AS exhausted
      FROM budget_periods bp JOIN budgets b ON b.id = bp.budget_id LEFT JOIN lines l ON l.id = bp.id`);
    const s = endState[0];
    // Reservations made by one statement share its transaction's start time (created_at = now()).
    const { rows: groupRows } = await monitor.query<{ statements: number; mean: number; max: number }>(
      `SELECT count(*)::int AS statements, coalesce(avg(n), 0)::float8 AS mean, coalesce(max(n), 0)::int AS max
       FROM (SELECT count(*) AS n FROM reservations WHERE created_at >= $1 GROUP BY created_at) t`,
      [mark[0].t],
    );
    const groups = groupRows[0];
    latencies.sort((a, b) => a - b);
    const total = allowed + refused;
    console.log("");
    console.log(`bench:spend — ${CLIENTS} concurrent clients (${NODE_HTTP ? "Node http.request" : "keep-alive client"}), ${elapsed.toFixed(1)} s, ${WITH_GLOBAL ? "global + " : ""}${TEAMS} team + ${USERS / 2} user + ${TOOLS.length} tool budgets (hard and soft)${SCALE !== 1 ? `, limits ×${SCALE}` : ""}`);
    console.log(`authorizations: ${total} (${allowed} allowed, ${refused} refused), errors: ${errors}`);
    console.log(`throughput:     ${(total / elapsed).toFixed(0)} authorizations/s`);
    console.log(`latency:        p50 ${percentile(latencies, 50).toFixed(1)} ms, p99 ${percentile(latencies, 99).toFixed(1)} ms, max ${latencies[latencies.length - 1]?.toFixed(1)} ms`);
    console.log(`groups:         ${groups.statements} statements allowed something, ${groups.mean.toFixed(1)} allowed per statement on average, at most ${groups.max}`);
    const per = (sec: number) => ((sec / Math.max(total, 1)) * 1000).toFixed(3);
    const others = Math.max(0, cpu.machine - cpu.server - cpu.postgres - cpu.bench);
    console.log(
      `CPU:            per authorization ${per(cpu.server)} ms server + ${per(cpu.postgres)} ms postgres (+ ${per(cpu.bench)} ms bench clients); ` +
        `run: server ${cpu.server.toFixed(1)} s, postgres ${cpu.postgres.toFixed(1)} s, bench ${cpu.bench.toFixed(1)} s, other processes ${others.toFixed(1)} s of ${(elapsed * availableParallelism()).toFixed(1)} s on ${availableParallelism()} cores; load average ${load0.toFixed(2)} → ${load1.toFixed(2)}`,
    );
    console.log(
      `PROOF: reserved+spent exceeded a hard limit ${s.violations === 0 && sampledViolations === 0 ? "never" : "SOMETIMES"} — ` +
        `${s.hard} hard budget periods, ${s.exhausted} filled to within $1 of their limit, fullest at ${(s.worst * 100).toFixed(2)} % of its limit; ` +
        `violations at the end: ${s.violations}, in ${samples} samples during the run: ${sampledViolations}; ` +
        `period rows whose reserved differs from their active reservations: ${s.reserved_mismatch}`,
    );
    if (s.violations || sampledViolations || s.reserved_mismatch || errors) process.exitCode = 1;
  } finally {
    await monitor.end().catch(() => undefined);
    await server?.stop();
    await pgHandle.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
