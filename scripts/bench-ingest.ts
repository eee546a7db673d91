// npm run bench:ingest — ingest throughput on this machine, on one fresh embedded Postgres:
//  (a) raw COPY of N events into a scratch copy of the events table (same columns, indexes and daily
//      partitions, no rollups): the physical limit;
//  (b) the same number of events through POST /api/v1/events over loopback HTTP (validation,
//      idempotency, partitions, rollups, spend settlement), batches of 500, several concurrent clients.
//  (c) the same number of calls as OTLP/HTTP protobuf spans through POST /api/v1/otlp/v1/traces (decode, map
//      to events, then the same write path), batches of 500 spans, one run.
// Prints the rates, the ratio (b)/(a), p50/p99 request latency, the server's RSS after each HTTP run
// (it must stay flat), and the events table's size per million events.
//
// Environment: BENCH_EVENTS (default 200000), BENCH_CLIENTS (8), BENCH_BATCH (500), BENCH_RUNS (3),
// WARDEN_DIST_DIR (the production build the server runs; built if missing by `npm run build`).
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { cpus, tmpdir } from "node:os";
import path from "node:path";
import http from "node:http";
import pg from "pg";
import { startEmbeddedPostgres } from "../lib/db/embedded-postgres";
import { applyMigrations } from "../lib/db/migrate";
import { startAppServer } from "../tests/support/app-server";
import { cpuSample, cpuSince } from "./bench-cpu";
import { copyChunks, copyIntoScratch, createCopyTable, makeEvents } from "./ingest-bench-data";
import { otlpProtobufBodies } from "./otlp-bench-data";
import { redactIngestEvents } from "../lib/ingest/redact-ingest-events";
import type { ValidatedEvent } from "../lib/ingest/validate-event-batch";

const N = Number(process.env.BENCH_EVENTS ?? 200_000);
const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 8);
const BATCH = Number(process.env.BENCH_BATCH ?? 500);
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const DIST = process.env.WARDEN_DIST_DIR ?? ".next";

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
function post(body: Buffer, to: { path: string; type: string } = { path: "/api/v1/events", type: "application/json" }): Promise<{ status: number; text: string }> {
  const t = target!;
  return new Promise((resolve, reject) => {
    const req = http.request(
      { agent, host: t.host, port: t.port, path: to.path, method: "POST", headers: { authorization: t.auth, "content-type": to.type, "content-length": body.byteLength } },
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
    await createCopyTable(client);
    const chunks = copyChunks(makeEvents(N), gw.gatewayId);
    await client.query("CHECKPOINT");
    const copyStart = performance.now();
    const copyCpu0 = cpuSample({ postgresDataDir: dataDir });
    await copyIntoScratch(client, chunks);
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
    /** One HTTP run of N fresh events; returns its rate, latencies and CPU per event. */
    const httpRun = async () => {
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
      return { sec, cpu, latencies };
    };
    const perEventServer: number[] = [];
    for (let run = 1; run <= RUNS; run++) {
      const { sec, cpu, latencies } = await httpRun();
      rates.push(N / sec);
      perEventServer.push((cpu.server / N) * 1e6);
      allLatencies.push(...latencies);
      latencies.sort((x, y) => x - y);
      rss.push(serverRssMiB());
      console.log(
        `(b) HTTP run ${run}   ${fmt(N / sec)} events/s  (${sec.toFixed(2)} s)  p50 ${percentile(latencies, 50).toFixed(0)} ms  p99 ${percentile(latencies, 99).toFixed(0)} ms  server RSS ${rss.at(-1)} MiB  CPU µs/event: server ${perEvent(cpu.server)}, postgres ${perEvent(cpu.postgres)}, clients ${perEvent(cpu.bench)}; other processes used ${share(cpu, sec)} of the machine`,
      );
    }

    // (c) OTLP: the same number of calls as protobuf spans, one run; stored events counted in the table (OTLP
    //     answers only what it rejected).
    const otlpBodies = otlpProtobufBodies(makeEvents(N), BATCH);
    await client.query("CHECKPOINT");
    const otlpBefore = Number((await client.query("SELECT count(*) AS n FROM events")).rows[0].n);
    const otlpLatencies: number[] = [];
    let otlpNext = 0;
    const otlpCpu0 = cpuSample({ postgresDataDir: dataDir });
    const otlpStart = performance.now();
    await Promise.all(
      Array.from({ length: CLIENTS }, async () => {
        while (otlpNext < otlpBodies.length) {
          const b = otlpBodies[otlpNext++];
          const t0 = performance.now();
          const res = await post(b, { path: "/api/v1/otlp/v1/traces", type: "application/x-protobuf" });
          otlpLatencies.push(performance.now() - t0);
          if (res.status !== 200) throw new Error(`OTLP HTTP ${res.status}: ${res.text}`);
        }
      }),
    );
    const otlpSec = (performance.now() - otlpStart) / 1000;
    const otlpCpu = cpuSince(otlpCpu0, cpuSample({ postgresDataDir: dataDir }));
    const otlpStored = Number((await client.query("SELECT count(*) AS n FROM events")).rows[0].n) - otlpBefore;
    if (otlpStored !== N) throw new Error(`OTLP stored ${otlpStored} of ${N}`);
    const otlpRate = N / otlpSec;
    otlpLatencies.sort((x, y) => x - y);
    rss.push(serverRssMiB());
    console.log(
      `(c) OTLP         ${fmt(otlpRate)} events/s  (${otlpSec.toFixed(2)} s)  p50 ${percentile(otlpLatencies, 50).toFixed(0)} ms  p99 ${percentile(otlpLatencies, 99).toFixed(0)} ms  server RSS ${rss.at(-1)} MiB  CPU µs/event: server ${perEvent(otlpCpu.server)}, postgres ${perEvent(otlpCpu.postgres)}, clients ${perEvent(otlpCpu.bench)}; other processes used ${share(otlpCpu, otlpSec)} of the machine`,
    );

    // (d) The same HTTP run with ingest redaction off (setting ingest.redact_secrets; (b) ran with it on, the
    //     default): what redacting secrets in params and resultSummary costs the server. The server re-reads
    //     the setting every 5 s, so the bench waits that long after changing it.
    const setRedaction = async (value: "on" | "off") => {
      await client.query("INSERT INTO settings (key, value) VALUES ('ingest.redact_secrets', $1) ON CONFLICT (key) DO UPDATE SET value = $1", [value]);
      await new Promise((r) => setTimeout(r, 5_500));
    };
    await setRedaction("off");
    await client.query("CHECKPOINT");
    const off = await httpRun();
    await setRedaction("on");
    const serverOn = rates.length ? perEventServer.reduce((a, b) => a + b, 0) / perEventServer.length : NaN;
    const serverOff = (off.cpu.server / N) * 1e6;
    off.latencies.sort((x, y) => x - y);
    console.log(
      `(d) HTTP, redaction off  ${fmt(N / off.sec)} events/s  (${off.sec.toFixed(2)} s)  p50 ${percentile(off.latencies, 50).toFixed(0)} ms  p99 ${percentile(off.latencies, 99).toFixed(0)} ms  CPU µs/event: server ${perEvent(off.cpu.server)} (with redaction, runs (b): ${serverOn.toFixed(1)}: redaction costs ${(serverOn - serverOff).toFixed(1)} µs/event), postgres ${perEvent(off.cpu.postgres)}; other processes used ${share(off.cpu, off.sec)} of the machine`,
    );

    //     The same cost measured directly, without the noise of a shared machine: CPU time of the redaction
    //     step alone over N bench events (no secrets, the common case) and with a key planted in every event.
    const cpuMs = () => {
      const u = process.cpuUsage();
      return (u.user + u.system) / 1000;
    };
    for (const [label, events] of [
      ["bench events", makeEvents(N)],
      ["every event with a key", makeEvents(N).map((e) => ({ ...e, params: { ...(e.params as object), env: "AWS_ACCESS_KEY_ID=AKIAQYLPMN5HHHFPZAM2" } }))],
    ] as const) {
      const c0 = cpuMs();
      redactIngestEvents({ events: events as unknown as ValidatedEvent[] });
      console.log(`(d) redaction step alone, ${label}: ${(((cpuMs() - c0) / N) * 1000).toFixed(1)} µs CPU/event`);
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
    console.log(`OTLP protobuf rate (1 run) ${fmt(otlpRate)} events/s   (${(otlpRate / median).toFixed(2)} × JSON, ${(otlpRate / copyRate).toFixed(2)} × COPY; ${BATCH} spans/request)`);
    console.log(`request latency           p50 ${percentile(allLatencies, 50).toFixed(0)} ms   p99 ${percentile(allLatencies, 99).toFixed(0)} ms   (${BATCH} events/request)`);
    console.log(`server RSS (MiB)          ${rss.map((r) => r ?? "?").join(" → ")}   (before, then after each run, the last after OTLP)`);
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
