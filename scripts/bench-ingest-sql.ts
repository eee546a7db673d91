// npm run bench:ingest-sql — where Postgres' time goes on ingest's write path, without HTTP or Node in
// the way. On one fresh embedded Postgres: the COPY baseline of bench:ingest, then ingest's own statement
// (lib/ingest/ingest-events.ts, validated and encoded as the server does), in groups of events like the
// ones the two group writers form under bench:ingest's load, on 1 and then 2 concurrent connections —
// once with every rollup (what Warden runs) and once without some of them (what each costs).
// Prints, per variant, Postgres' CPU per event (all its processes: backends, WAL writer, checkpointer,
// autovacuum) and the events/s Postgres alone reaches.
//
// Environment: BENCH_GROUP (events per statement, default 2000), BENCH_GROUPS (timed statements per
// variant and connection count, default 60).
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { startEmbeddedPostgres } from "../lib/db/embedded-postgres";
import { applyMigrations } from "../lib/db/migrate";
import { encodeEventBatch, groupParameters } from "../lib/ingest/encode-event-batch";
import { INGEST_BEGIN, ingestSql, ROLLUP_TABLES, type RollupTable } from "../lib/ingest/ingest-events";
import { validateEventBatch } from "../lib/ingest/validate-event-batch";
import { LATENCY_BUCKET_UPPER_BOUNDS_MS } from "../lib/metrics/latency-buckets";
import { cpuSample, cpuSince } from "./bench-cpu";
import { copyChunks, copyIntoScratch, createCopyTable, makeEvents } from "./ingest-bench-data";

const GROUP = Number(process.env.BENCH_GROUP ?? 2000);
const GROUPS = Number(process.env.BENCH_GROUPS ?? 60);
const WARM_UP = 5;

const without = (...tables: RollupTable[]) => ROLLUP_TABLES.filter((t) => !tables.includes(t));
const VARIANTS: { name: string; rollups: RollupTable[] }[] = [
  { name: "every rollup (Warden)", rollups: ROLLUP_TABLES },
  { name: "without hour and day", rollups: without("rollup_hour", "rollup_day") },
  { name: "without minute, hour, day", rollups: without("rollup_minute", "rollup_hour", "rollup_day") },
  { name: "without any rollup", rollups: [] },
];

/** Deadlocks Postgres has detected in this database so far (the statistics lag up to a second behind). */
async function deadlocks(client: pg.Client): Promise<number> {
  await new Promise((r) => setTimeout(r, 1100));
  await client.query("SELECT pg_stat_clear_snapshot()");
  const { rows } = await client.query<{ n: string }>("SELECT deadlocks AS n FROM pg_stat_database WHERE datname = current_database()");
  return Number(rows[0].n);
}

/** The share of each time rollup's row updates that were HOT (no new index entries). */
async function hotShares(client: pg.Client): Promise<string> {
  const { rows } = await client.query<{ relname: string; hot: string; upd: string }>(
    "SELECT relname, n_tup_hot_upd AS hot, n_tup_upd AS upd FROM pg_stat_user_tables WHERE relname IN ('rollup_minute', 'rollup_hour', 'rollup_day') ORDER BY relname DESC",
  );
  return rows.map((r) => `${r.relname.replace("rollup_", "")} ${((Number(r.hot) / Math.max(1, Number(r.upd))) * 100).toFixed(0)} %`).join(", ");
}

const fmt = (n: number) => Math.round(n).toLocaleString("en-US");

async function main() {
  const dataDir = await mkdtemp(path.join(tmpdir(), "warden-bench-ingest-sql-"));
  const pgHandle = await startEmbeddedPostgres({ dataDir });
  const client = new pg.Client({ connectionString: pgHandle.url });
  try {
    await applyMigrations(pgHandle.url);
    await client.connect();
    const { rows } = await client.query<{ id: string }>("INSERT INTO gateways (id, name) VALUES (gen_random_uuid(), 'bench') RETURNING id");
    const gatewayId = rows[0].id;
    await client.query("SELECT warden_ensure_event_partitions((now() - interval '1 day')::date, (now() + interval '1 day')::date)");
    const total = GROUPS * GROUP;
    console.log(`bench:ingest-sql  ${GROUPS} statements of ${fmt(GROUP)} events per variant (${fmt(total)} events), after ${WARM_UP} warm-up statements`);

    await createCopyTable(client);
    const chunks = copyChunks(makeEvents(total), gatewayId);
    await client.query("CHECKPOINT");
    const copy0 = cpuSample({ postgresDataDir: dataDir });
    const copyStart = performance.now();
    await copyIntoScratch(client, chunks);
    const copySec = (performance.now() - copyStart) / 1000;
    const copyCpu = cpuSince(copy0, cpuSample({ postgresDataDir: dataDir })).postgres;
    console.log(`COPY (bench:ingest's (a))            1 connection : ${((copyCpu / total) * 1e6).toFixed(1).padStart(5)} µs/event  ${fmt(total / copySec).padStart(7)} events/s`);
    await client.query("DROP TABLE bench_events_copy");

    for (const [n, v] of VARIANTS.entries()) {
      // A named (prepared) statement per variant, as ingest itself sends it: parsed and planned once per connection.
      const statement = { name: `bench_ingest_${n}`, text: ingestSql(v.rollups) };
      for (const connections of [1, 2]) {
        await client.query(`TRUNCATE events, event_claims, ${ROLLUP_TABLES.join(", ")}`);
        await client.query("CHECKPOINT");
        await client.query("SELECT pg_stat_reset()"); // this run's HOT updates
        const now = Date.now();
        const groups = Array.from({ length: WARM_UP + GROUPS }, () =>
          groupParameters([encodeEventBatch(gatewayId, validateEventBatch(makeEvents(GROUP), { now, retentionDays: 90 }))]),
        );
        const run = (c: pg.Client, params: string[]) =>
          c.query(INGEST_BEGIN).then(() => c.query({ ...statement, values: [...params, LATENCY_BUCKET_UPPER_BOUNDS_MS] })).then(() => c.query("COMMIT"));
        for (const params of groups.slice(0, WARM_UP)) await run(client, params);
        const conns = await Promise.all(
          Array.from({ length: connections }, async () => {
            const c = new pg.Client({ connectionString: pgHandle.url });
            await c.connect();
            return c;
          }),
        );
        let next = WARM_UP;
        const deadlocks0 = await deadlocks(client);
        const cpu0 = cpuSample({ postgresDataDir: dataDir });
        const start = performance.now();
        await Promise.all(
          conns.map(async (c) => {
            while (next < groups.length) {
              const params = groups[next++];
              for (let attempt = 1; ; attempt++) {
                try {
                  await run(c, params);
                  break;
                } catch (err) {
                  await c.query("ROLLBACK");
                  if ((err as { code?: string }).code !== "40P01" || attempt === 5) throw err; // deadlock: retried, as ingest does
                }
              }
            }
          }),
        );
        const sec = (performance.now() - start) / 1000;
        const cpu = cpuSince(cpu0, cpuSample({ postgresDataDir: dataDir })).postgres;
        await Promise.all(conns.map((c) => c.end()));
        const retried = (await deadlocks(client)) - deadlocks0;
        const hot = v.rollups.length === ROLLUP_TABLES.length && connections === 2 ? `  HOT updates: ${await hotShares(client)}` : "";
        console.log(
          `${v.name.padEnd(36)} ${connections} connection${connections > 1 ? "s" : " "}: ${((cpu / total) * 1e6).toFixed(1).padStart(5)} µs/event  ${fmt(total / sec).padStart(7)} events/s${retried ? `  (${retried} deadlocks retried)` : ""}${hot}`,
        );
      }
    }
  } finally {
    await client.end().catch(() => undefined);
    await pgHandle.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
