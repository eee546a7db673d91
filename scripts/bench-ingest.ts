// npm run bench:ingest — ingest throughput on this machine, on one fresh embedded Postgres:
//  (a) raw COPY of N events into a scratch copy of the events table (same columns, indexes and daily
//      partitions, no rollups): the physical limit;
//  (b) the same number of events through POST /api/v1/events over loopback HTTP (validation,
//      idempotency, partitions, rollups, spend settlement), batches of 500, several concurrent clients.
// Prints both rates, the ratio (b)/(a), p50/p99 request latency, the server's RSS after each HTTP run
// (it must stay flat), and the events table's size per million events.
//
// Environment: BENCH_EVENTS (default 200000), BENCH_CLIENTS (8), BENCH_BATCH (500), BENCH_RUNS (3),
// WARDEN_DIST_DIR (the production build the server runs; built if missing by `npm run build`).
import { randomUUID } from "node:crypto";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { cpus, tmpdir } from "node:os";
import path from "node:path";
import http from "node:http";
import pg from "pg";
import { startEmbeddedPostgres } from "../lib/db/embedded-postgres";
import { applyMigrations } from "../lib/db/migrate";
import type { IngestEvent } from "../lib/ingest/schema";
import { startAppServer } from "../tests/support/app-server";
import { cpuSample, cpuSince } from "./bench-cpu";

const N = Number(process.env.BENCH_EVENTS ?? 200_000);
const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 8);
const BATCH = Number(process.env.BENCH_BATCH ?? 500);
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const DIST = process.env.WARDEN_DIST_DIR ?? ".next";

// ───────────────────────────── data ─────────────────────────────

const SERVERS = Array.from({ length: 15 }, (_, i) => `mcp-server-${i}`);
const STATUSES = ["ok", "ok", "ok", "ok", "ok", "ok", "ok", "ok", "error", "blocked", "timeout", "denied"] as const;
let seed = 42;
const rnd = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
const pick = <T>(a: readonly T[]) => a[Math.floor(rnd() * a.length)];

/** N events as gateways send them (calls of the last minute): 15 servers × 8 tools, 200 users in 8 teams. */
function makeEvents(n: number): IngestEvent[] {
  const now = Date.now();
  return Array.from({ length: n }, () => {
    const server = pick(SERVERS);
    const status = pick(STATUSES);
    const flagged = rnd() < 0.02;
    const user = Math.floor(rnd() * 200);
    return {
      id: randomUUID(),
      timestamp: new Date(now - Math.floor(rnd() * 60_000)).toISOString(),
      userId: `user-${user}@example.com`,
      team: `team-${user % 8}`, // a person works in one team
      agent: "claude-code",
      sessionId: `s-${Math.floor(rnd() * 5000)}`,
      server,
      tool: `${server}.tool_${Math.floor(rnd() * 8)}`,
      status,
      errorType: status === "error" ? "upstream_error" : undefined,
      durationMs: Math.floor(rnd() * rnd() * 3000),
      costUsd: Math.round(rnd() * 20_000) / 1_000_000,
      inputTokens: Math.floor(rnd() * 2000),
      outputTokens: Math.floor(rnd() * 800),
      riskFlags: flagged ? ["prompt_injection"] : [],
      params: { path: `/srv/data/file-${Math.floor(rnd() * 1e6)}.txt`, limit: 100, recursive: false },
      resultSummary: "read 4 KiB",
    };
  });
}

// ───────────────────────────── (a) COPY ─────────────────────────────

const csv = (v: unknown) => (v === null || v === undefined ? "" : `"${String(v).replace(/"/g, '""')}"`);
const COPY_COLUMNS =
  "id, ts, gateway_id, user_id, team, agent, session_id, trace_id, server, tool, status, error_type, duration_ms, cost_usd, input_tokens, output_tokens, risk_flags, params, result_summary, approval_id, reservation_id";

function toCsv(events: IngestEvent[], gatewayId: string): string {
  return events
    .map((e) =>
      [
        e.id, e.timestamp, gatewayId, e.userId, e.team, e.agent, e.sessionId, e.traceId, e.server, e.tool, e.status, e.errorType,
        e.durationMs, e.costUsd, e.inputTokens, e.outputTokens, `{${(e.riskFlags ?? []).join(",")}}`, e.params ? JSON.stringify(e.params) : null,
        e.resultSummary, e.approvalId, e.reservationId,
      ]
        .map(csv)
        .join(","),
    )
    .join("\n");
}

/** COPY … FROM STDIN through node-postgres' submittable interface (no extra dependency). */
function copyFrom(client: pg.Client, sql: string, chunks: Buffer[]): Promise<void> {
  return new Promise((resolve, reject) => {
    let failed: Error | null = null;
    const submittable = {
      submit(connection: any) {
        connection.query(sql);
      },
      handleCopyInResponse(connection: any) {
        for (const c of chunks) connection.sendCopyFromChunk(c);
        connection.endCopyFrom();
      },
      handleCommandComplete() {},
      handleReadyForQuery() {
        if (failed) reject(failed);
        else resolve();
      },
      handleError(err: Error) {
        failed = err;
      },
      handleRowDescription() {},
      handleDataRow() {},
      handleEmptyQuery() {},
      handlePortalSuspended() {},
      handleCopyData() {},
    };
    void client.query(submittable as never);
  });
}

// ───────────────────────────── helpers ─────────────────────────────

function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

/** RSS (MiB) of the process running server.ts among our descendants (tsx runs it in a grandchild). */
function serverRssMiB(): number | null {
  const parent = new Map<number, number>();
  for (const pid of readdirSync("/proc").filter((d) => /^\d+$/.test(d))) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
      parent.set(Number(pid), Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]));
    } catch {
      // process went away
    }
  }
  const isOurs = (pid: number): boolean => {
    for (let p = parent.get(pid), hops = 0; p && hops < 10; p = parent.get(p), hops++) if (p === process.pid) return true;
    return false;
  };
  let best: number | null = null;
  for (const pid of parent.keys()) {
    if (!isOurs(pid)) continue;
    try {
      if (!readFileSync(`/proc/${pid}/cmdline`, "utf8").includes("server.ts")) continue;
      const rss = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
      if (rss) best = Math.max(best ?? 0, Math.round(Number(rss[1]) / 1024));
    } catch {
      // process went away
    }
  }
  return best;
}

const fmt = (n: number) => Math.round(n).toLocaleString("en-US");
/** CPU seconds spent on N events, in µs per event. */
const perEvent = (seconds: number) => ((seconds / N) * 1e6).toFixed(1);
/** The share of the machine's CPU (all cores) used by processes other than ours during `sec` seconds. */
const share = (c: { server: number; postgres: number; bench: number; machine: number }, sec: number) =>
  `${Math.max(0, ((c.machine - c.server - c.postgres - c.bench) / (sec * cpus().length)) * 100).toFixed(0)} %`;

// The clients: keep-alive connections through node:http (fetch costs the benchmark ≈3 ms of CPU per
// 250 KB request here, CPU the server under test would otherwise have).
const agent = new http.Agent({ keepAlive: true, maxSockets: CLIENTS });
let target: { host: string; port: number; auth: string } | null = null;
function post(body: Buffer): Promise<{ status: number; text: string }> {
  const t = target!;
  return new Promise((resolve, reject) => {
    const req = http.request(
      { agent, host: t.host, port: t.port, path: "/api/v1/events", method: "POST", headers: { authorization: t.auth, "content-type": "application/json", "content-length": body.byteLength } },
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
}

async function main() {
  if (!existsSync(path.join(DIST, "BUILD_ID"))) {
    console.error(`No production build in ${DIST}: run \`WARDEN_DIST_DIR=${DIST} npx next build\` (or npm run build) first.`);
    process.exit(1);
  }
  const dataDir = await mkdtemp(path.join(tmpdir(), "warden-bench-ingest-"));
  const pgHandle = await startEmbeddedPostgres({ dataDir });
  let server: Awaited<ReturnType<typeof startAppServer>> | undefined;
  const client = new pg.Client({ connectionString: pgHandle.url });
  try {
    await applyMigrations(pgHandle.url);
    process.env.DATABASE_URL = pgHandle.url;
    server = await startAppServer({
      databaseUrl: pgHandle.url,
      name: "bench-ingest",
      env: { WARDEN_DIST_DIR: DIST, WARDEN_INGEST_RATE_PER_MIN: "100000000", LOG_LEVEL: "warn" },
    });
    await client.connect();
    const { createGateway } = await import("../lib/gateways/create-gateway");
    const gw = await createGateway({ input: { name: "bench" }, actor: { email: "bench" } });
    const u = new URL(server.url);
    target = { host: u.hostname, port: Number(u.port), auth: `Bearer ${gw.apiKey}` };
    console.log(`bench:ingest  N=${fmt(N)} events, ${CLIENTS} HTTP clients, batches of ${BATCH}, ${RUNS} HTTP run(s); server build ${DIST}`);

    // (a) raw COPY into a scratch copy of events: same columns and indexes, partitioned by UTC day the same
    //     way, with the partitions the events need.
    await client.query("DROP TABLE IF EXISTS bench_events_copy");
    await client.query("CREATE TABLE bench_events_copy (LIKE events INCLUDING DEFAULTS INCLUDING INDEXES) PARTITION BY RANGE (ts)");
    await client.query(`DO $$
      DECLARE d date;
      BEGIN
        FOR d IN SELECT generate_series((now() AT TIME ZONE 'UTC')::date - 1, (now() AT TIME ZONE 'UTC')::date + 1, interval '1 day')::date LOOP
          EXECUTE format('CREATE TABLE %I PARTITION OF bench_events_copy FOR VALUES FROM (%L) TO (%L)',
            'bench_events_copy_' || to_char(d, 'YYYYMMDD'), d::timestamp AT TIME ZONE 'UTC', (d + 1)::timestamp AT TIME ZONE 'UTC');
        END LOOP;
      END $$`);
    const copyEvents = makeEvents(N);
    const body = Buffer.from(toCsv(copyEvents, gw.gatewayId) + "\n");
    const chunks: Buffer[] = [];
    for (let off = 0; off < body.length; off += 1 << 20) chunks.push(body.subarray(off, off + (1 << 20)));
    await client.query("CHECKPOINT");
    const copyStart = performance.now();
    const copyCpu0 = cpuSample({ postgresDataDir: dataDir });
    await copyFrom(client, `COPY bench_events_copy (${COPY_COLUMNS}) FROM STDIN WITH (FORMAT csv)`, chunks);
    const copySec = (performance.now() - copyStart) / 1000;
    const copyCpu = cpuSince(copyCpu0, cpuSample({ postgresDataDir: dataDir }));
    const copyPgCpu = copyCpu.postgres;
    const copyRate = N / copySec;
    const copySize = Number(
      (await client.query("SELECT coalesce(sum(pg_total_relation_size(inhrelid)), 0) AS b FROM pg_inherits WHERE inhparent = 'bench_events_copy'::regclass")).rows[0].b,
    );
    console.log(
      `(a) COPY         ${fmt(copyRate)} events/s  (${copySec.toFixed(2)} s)  CPU µs/event: postgres ${perEvent(copyPgCpu)}; other processes used ${share(copyCpu, copySec)} of the machine`,
    );

    // (b) HTTP, repeated RUNS times with fresh events; RSS after each run.
    const rates: number[] = [];
    const allLatencies: number[] = [];
    const rss: (number | null)[] = [serverRssMiB()];
    for (let run = 1; run <= RUNS; run++) {
      const events = makeEvents(N);
      const bodies: Buffer[] = [];
      for (let i = 0; i < events.length; i += BATCH) bodies.push(Buffer.from(JSON.stringify({ events: events.slice(i, i + BATCH) })));
      await client.query("CHECKPOINT");
      let next = 0;
      let accepted = 0;
      const latencies: number[] = [];
      const cpu0 = cpuSample({ postgresDataDir: dataDir });
      const start = performance.now();
      await Promise.all(
        Array.from({ length: CLIENTS }, async () => {
          while (next < bodies.length) {
            const b = bodies[next++];
            const t0 = performance.now();
            const res = await post(b);
            const json = JSON.parse(res.text) as { accepted?: number };
            latencies.push(performance.now() - t0);
            if (res.status !== 200) throw new Error(`HTTP ${res.status}: ${res.text}`);
            accepted += json.accepted ?? 0;
          }
        }),
      );
      const sec = (performance.now() - start) / 1000;
      const cpu = cpuSince(cpu0, cpuSample({ postgresDataDir: dataDir }));
      if (accepted !== N) throw new Error(`accepted ${accepted} of ${N}`);
      rates.push(N / sec);
      allLatencies.push(...latencies);
      latencies.sort((x, y) => x - y);
      rss.push(serverRssMiB());
      console.log(
        `(b) HTTP run ${run}   ${fmt(N / sec)} events/s  (${sec.toFixed(2)} s)  p50 ${percentile(latencies, 50).toFixed(0)} ms  p99 ${percentile(latencies, 99).toFixed(0)} ms  server RSS ${rss.at(-1)} MiB  CPU µs/event: server ${perEvent(cpu.server)}, postgres ${perEvent(cpu.postgres)}, clients ${perEvent(cpu.bench)}; other processes used ${share(cpu, sec)} of the machine`,
      );
    }

    // Consistency: rollups equal the rows stored.
    const { rows: check } = await client.query<{ events: string; minute: string; hour: string }>(
      `SELECT (SELECT count(*) FROM events) AS events, (SELECT sum(calls) FROM rollup_minute) AS minute, (SELECT sum(calls) FROM rollup_hour) AS hour`,
    );
    const stored = Number(check[0].events);
    const { rows: sizeRows } = await client.query<{ b: string }>(
      `SELECT coalesce(sum(pg_total_relation_size(i.inhrelid)), 0) AS b FROM pg_inherits i WHERE i.inhparent = 'events'::regclass`,
    );
    const eventsBytes = Number(sizeRows[0].b);
    const best = Math.max(...rates);
    const median = [...rates].sort((x, y) => x - y)[Math.floor(rates.length / 2)];
    allLatencies.sort((x, y) => x - y);
    console.log("");
    console.log(`COPY rate                 ${fmt(copyRate)} events/s`);
    console.log(`HTTP rate (median of ${RUNS})   ${fmt(median)} events/s   (best ${fmt(best)})`);
    console.log(`ratio (b)/(a)             ${(median / copyRate).toFixed(2)}   (best ${(best / copyRate).toFixed(2)}; target ≥ 0.6)`);
    console.log(`request latency           p50 ${percentile(allLatencies, 50).toFixed(0)} ms   p99 ${percentile(allLatencies, 99).toFixed(0)} ms   (${BATCH} events/request)`);
    console.log(`server RSS (MiB)          ${rss.map((r) => r ?? "?").join(" → ")}   (before, then after each run)`);
    console.log(`rollups                   events ${fmt(stored)}, rollup_minute calls ${fmt(Number(check[0].minute))}, rollup_hour calls ${fmt(Number(check[0].hour))}`);
    console.log(
      `storage                   events (partitions + indexes) ${(eventsBytes / stored / 1000).toFixed(2)} GB per million; raw COPY table ${(copySize / N / 1000).toFixed(2)} GB per million`,
    );
  } finally {
    agent.destroy();
    await client.end().catch(() => undefined);
    await server?.stop();
    const { closeDb } = await import("../lib/db");
    await closeDb().catch(() => undefined);
    await pgHandle.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
