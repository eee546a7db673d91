// npm run bench:spool [-- --calls N --rounds R --dir DIR]
// What durability costs the gateway: each call writes "started" then "finished" to the spool, each record
// fsync'd before the call goes on. Measured at 1 and 16 concurrent writers, with the spool's group commit
// (concurrent records share one write + fdatasync) and, in the same run and on the same disk, with one
// write + fdatasync per record (what the spool would cost without group commit).
// Prints per-call latency (one started()/finished()), wall time per event (started + finished), fsyncs per
// event, and the ratio against fsync-per-record. The directory must be on the disk the gateway would use
// (default: the OS temp dir; refuses tmpfs, where fsync costs nothing).
import { randomUUID } from "node:crypto";
import { statfsSync } from "node:fs";
import { mkdtemp, open, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { openSpool, type SpoolEvent } from "../lib/gateway/spool/open-spool";
import { encodeRecord } from "../lib/gateway/spool/spool-record";

const arg = (name: string, fallback: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : fallback;
};
const CALLS = Number(arg("calls", "2000"));
const ROUNDS = Number(arg("rounds", "3"));
const BASE = arg("dir", tmpdir());
const TMPFS_MAGIC = 0x01021994;

const event = (i: number): SpoolEvent => ({
  id: randomUUID(),
  timestamp: new Date().toISOString(),
  userId: `user-${i % 50}`,
  team: "platform",
  agent: "claude-desktop",
  server: "filesystem",
  tool: "write_file",
  status: "ok",
  durationMs: 12,
  params: { path: `/srv/data/report-${i}.md`, content: "x".repeat(200) },
});

interface Result {
  name: string;
  writers: number;
  events: number;
  wallMs: number;
  fsyncs: number;
  latencies: number[];
}

const median = (rs: Result[]) => [...rs].sort((a, b) => a.wallMs - b.wallMs)[Math.floor(rs.length / 2)];
const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];

async function timed(latencies: number[], f: () => Promise<void>) {
  const t = performance.now();
  await f();
  latencies.push(performance.now() - t);
}

async function runGroupCommit(dir: string, writers: number): Promise<Result> {
  const spool = await openSpool({ dir, capBytes: 4 * 1024 * 1024 * 1024, whenFull: "refuse", log: { info() {}, warn() {}, error() {} } });
  const before = spool.stats().io.commits;
  const latencies: number[] = [];
  let next = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: writers }, async () => {
      while (next < CALLS) {
        const e = event(next++);
        await timed(latencies, () => spool.started(e));
        await timed(latencies, () => spool.finished(e));
      }
    }),
  );
  const wallMs = performance.now() - t0;
  const fsyncs = spool.stats().io.commits - before;
  await spool.close();
  return { name: "spool (group commit)", writers, events: CALLS, wallMs, fsyncs, latencies };
}

async function runFsyncPerRecord(dir: string, writers: number): Promise<Result> {
  const fh = await open(path.join(dir, "per-record.log"), "a");
  const latencies: number[] = [];
  let fsyncs = 0;
  let next = 0;
  const write = async (rec: Parameters<typeof encodeRecord>[0]) => {
    await fh.write(encodeRecord(rec));
    await fh.datasync();
    fsyncs++;
  };
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: writers }, async () => {
      while (next < CALLS) {
        const e = event(next++);
        await timed(latencies, () => write({ t: "started", e }));
        await timed(latencies, () => write({ t: "finished", e }));
      }
    }),
  );
  const wallMs = performance.now() - t0;
  await fh.close();
  return { name: "fsync per record", writers, events: CALLS, wallMs, fsyncs, latencies };
}

async function main() {
  if (statfsSync(BASE).type === TMPFS_MAGIC) throw new Error(`${BASE} is tmpfs (fsync is free there); pass --dir on a real disk`);
  const root = await mkdtemp(path.join(BASE, "warden-bench-spool-"));
  const results: Result[] = [];
  try {
    // Rounds alternate which variant runs first, and each row reports the median round: a shared machine's
    // disk stalls land on one round, not on one variant.
    for (const writers of [1, 16]) {
      const rounds: Record<string, Result[]> = { r: [], g: [] };
      for (let round = 0; round < ROUNDS; round++) {
        for (const v of round % 2 ? ["g", "r"] : ["r", "g"]) {
          const dir = await mkdtemp(path.join(root, `${v}-`));
          rounds[v].push(v === "r" ? await runFsyncPerRecord(dir, writers) : await runGroupCommit(dir, writers));
        }
      }
      for (const v of ["r", "g"]) results.push(median(rounds[v]));
    }
  } finally {
    await rm(root, { recursive: true, force: true });
  }
  console.log(`bench:spool — ${CALLS} events (each: started + finished, 2 records) per run, median of ${ROUNDS} rounds, dir ${BASE}\n`);
  const header = ["path", "writers", "events/s", "wall ms/event", "fsyncs/event", "call p50 ms", "call p99 ms", "vs fsync/record"];
  const rows = results.map((r) => {
    const sorted = [...r.latencies].sort((a, b) => a - b);
    const baseline = results.find((b) => b.name === "fsync per record" && b.writers === r.writers)!;
    const perEvent = r.wallMs / r.events;
    return [
      r.name,
      String(r.writers),
      String(Math.round((r.events / r.wallMs) * 1000)),
      perEvent.toFixed(3),
      (r.fsyncs / r.events).toFixed(3),
      percentile(sorted, 50).toFixed(3),
      percentile(sorted, 99).toFixed(3),
      r === baseline ? "1.00×" : `${(baseline.wallMs / baseline.events / perEvent).toFixed(2)}× faster`,
    ];
  });
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  for (const row of [header, ...rows]) console.log(row.map((c, i) => c.padEnd(widths[i])).join("  "));
  console.log("\nwall ms/event: elapsed time / events (the durability cost one event adds, amortized); call p50/p99: one started() or finished() until durable.");
}

void main();
