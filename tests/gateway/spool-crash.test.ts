import { spawn, type ChildProcess } from "node:child_process";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { createInterface } from "node:readline";
import pg from "pg";
import { afterEach, describe, expect, it } from "vitest";
import { startEmbeddedPostgres } from "../../lib/db/embedded-postgres";
import { applyMigrations } from "../../lib/db/migrate";
import { openSpool, type Spool, type SpoolEvent } from "../../lib/gateway/spool/open-spool";
import { startSpoolSender } from "../../lib/gateway/spool/start-spool-sender";
import { startAppServer } from "../support/app-server";
import { runCli } from "../support/cli";

const root = path.resolve(import.meta.dirname, "../..");
const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c().catch(() => undefined);
});

const log = { info: () => {}, warn: () => {}, error: () => {} };

async function newDir(prefix: string) {
  const dir = await mkdtemp(path.join(tmpdir(), prefix));
  cleanups.push(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

/** The child writer (spool-crash-child.ts) under plain node with tsx as a loader, so SIGKILL hits the writer itself. */
function spawnChild(args: string[]): { child: ChildProcess; lines: AsyncIterator<string>; exited: Promise<unknown> } {
  const child = spawn(process.execPath, ["--import", "tsx", path.join(root, "tests/gateway/spool-crash-child.ts"), ...args], {
    cwd: root,
    env: { ...process.env, TSX_TSCONFIG_PATH: "tsconfig.node.json" },
    stdio: ["pipe", "pipe", "inherit"],
    shell: false,
  });
  const exited = new Promise((r) => child.once("exit", r));
  cleanups.push(async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
    await exited;
  });
  return { child, lines: createInterface({ input: child.stdout! })[Symbol.asyncIterator](), exited };
}

async function readSink(sink: string): Promise<{ id: string; status: string; errorType: string | null }[]> {
  const text = await readFile(sink, "utf8").catch(() => "");
  return text.split("\n").filter(Boolean).map((l) => JSON.parse(l));
}

async function reopenAndRead(dir: string): Promise<{ spool: Spool; events: SpoolEvent[] }> {
  const spool = await openSpool({ dir, capBytes: 512 * 1024 * 1024, whenFull: "refuse", log });
  cleanups.push(() => spool.close());
  return { spool, events: (await spool.readPending({ maxEvents: 1_000_000 })).events };
}

describe("gateway spool survives SIGKILL (STYLE.md rule 28: a test that kills the process between every step)", () => {
  it("killed between any two steps (after started, after finished, after delivery, after ack), the reopened spool loses nothing and repeats nothing", { timeout: 600_000 }, async () => {
    const CALLS = 4;
    const BATCH = 2;
    const STEPS = 1 + CALLS * 2 + (CALLS / BATCH) * 2; // open, started/finished per call, delivered/acked per batch
    for (let killAt = 0; killAt < STEPS; killAt++) {
      const dir = await newDir("warden-spool-kill-");
      const sink = path.join(dir, "..", `${path.basename(dir)}-sink.jsonl`);
      cleanups.push(() => rm(sink, { force: true }));
      const { child, lines, exited } = spawnChild(["steps", dir, sink, String(CALLS), String(BATCH)]);
      const started = new Set<string>();
      const finished = new Set<string>();
      let lastStep = "";
      for (let step = 0; ; step++) {
        const line = await lines.next();
        expect(line.done, `child ended early at step ${step}`).toBeFalsy();
        lastStep = line.value as string;
        const [what, arg] = lastStep.split(" ");
        if (what === "started") started.add(arg);
        if (what === "finished") finished.add(arg);
        if (step === killAt) break;
        child.stdin!.write("go\n");
      }
      child.kill("SIGKILL");
      await exited;

      const delivered = await readSink(sink);
      const { events } = await reopenAndRead(dir);
      const context = `killed after step ${killAt} (${lastStep.split(" ")[0]})`;
      const pendingIds = events.map((e) => e.id);
      expect(new Set(pendingIds).size, context).toBe(pendingIds.length); // nothing twice in the spool
      const deliveredIds = new Set(delivered.map((d) => d.id));
      expect(deliveredIds.size, context).toBe(delivered.length); // nothing delivered twice
      // Only a kill between "delivered" and "acked" leaves delivered events in the spool (re-sent, and the
      // idempotent receiver stores them once).
      const overlap = pendingIds.filter((id) => deliveredIds.has(id));
      expect(overlap.length > 0, context).toBe(lastStep.startsWith("delivered"));
      // Nothing lost: every call that was durably started is either delivered or pending, exactly once overall.
      const all = new Set([...deliveredIds, ...pendingIds]);
      expect([...all].sort(), context).toEqual([...started].sort());
      for (const e of events) {
        if (finished.has(e.id)) expect(e, context).toMatchObject({ status: "ok", durationMs: expect.any(Number) });
        else expect(e, context).toMatchObject({ status: "error", errorType: "gateway_restarted" });
      }
    }
  });

  it("a spool directory has one writer: a second open is refused while a live process holds it, and taken over once that process is killed", { timeout: 120_000 }, async () => {
    const dir = await newDir("warden-spool-lock-");
    const { child, lines, exited } = spawnChild(["steps", dir, path.join(dir, "sink.jsonl"), "2", "2"]);
    expect((await lines.next()).value).toBe("open");
    await expect(openSpool({ dir, capBytes: 1 << 20, whenFull: "refuse", log })).rejects.toThrow(/in use by process/);
    child.kill("SIGKILL");
    await exited;
    const { spool } = await reopenAndRead(dir);
    await expect(openSpool({ dir, capBytes: 1 << 20, whenFull: "refuse", log })).rejects.toThrow(/already open in this process/);
    await spool.close();
    const { spool: again } = await reopenAndRead(dir);
    expect(again.stats().depthEvents).toBe(0);
  });

  it("killed at arbitrary moments while 8 writers append large records (mid-write too), every acknowledged record survives, once", { timeout: 600_000 }, async () => {
    for (const killAfterLines of [5, 60, 400]) {
      const dir = await newDir("warden-spool-stream-");
      const { child, lines, exited } = spawnChild(["stream", dir]);
      const starting = new Set<string>();
      const started = new Set<string>();
      const finished = new Set<string>();
      for (let n = 0; n < killAfterLines; n++) {
        const line = await lines.next();
        expect(line.done).toBeFalsy();
        const [what, id] = (line.value as string).split(" ");
        if (what === "starting") starting.add(id);
        if (what === "started") started.add(id);
        if (what === "finished") finished.add(id);
      }
      child.kill("SIGKILL");
      await exited;
      // Lines the child printed before it died: every id it was about to write was printed first.
      for (let line = await lines.next(); !line.done; line = await lines.next()) {
        const [what, id] = (line.value as string).split(" ");
        if (what === "starting") starting.add(id);
        if (what === "started") started.add(id);
        if (what === "finished") finished.add(id);
      }
      const { spool, events } = await reopenAndRead(dir);
      const ids = events.map((e) => e.id);
      const context = `killed after ${killAfterLines} lines`;
      expect(new Set(ids).size, context).toBe(ids.length);
      for (const id of started) expect(ids, context).toContain(id); // durably started ⇒ reported
      for (const e of events) {
        expect(starting.has(e.id), context).toBe(true); // no phantom record
        if (finished.has(e.id)) expect(e.status, context).toBe("ok");
        else if (e.status !== "ok") expect(e.errorType, context).toBe("gateway_restarted");
      }
      // The reopened spool writes on after the (possibly torn) tail.
      const more = { ...events[0], id: crypto.randomUUID() };
      await spool.finished(more);
      await spool.close();
      const again = await reopenAndRead(dir);
      expect(again.events.map((e) => e.id), context).toEqual([...ids, more.id]);
    }
  });
});

describe("gateway spool with Warden stopped mid-run", () => {
  it("events wait in the spool while Warden is down, then drain exactly once when it returns", { timeout: 600_000 }, async () => {
    const dataDir = await newDir("warden-spool-pg-");
    const pgHandle = await startEmbeddedPostgres({ dataDir });
    cleanups.push(() => pgHandle.stop());
    await applyMigrations(pgHandle.url);
    const env = { WARDEN_DIST_DIR: process.env.WARDEN_DIST_DIR ?? ".next" };
    let warden = await startAppServer({ databaseUrl: pgHandle.url, env, name: "spool-warden" });
    cleanups.push(() => warden.stop());
    const created = await runCli(["gateway", "create", "--name", "spool-gw"], pgHandle.url);
    expect(created.code, created.stderr).toBe(0);
    const { apiKey, gatewayId } = JSON.parse(created.stdout) as { apiKey: string; gatewayId: string };
    const client = new pg.Client({ connectionString: pgHandle.url });
    await client.connect();
    cleanups.push(() => client.end());
    const storedIds = async () => (await client.query<{ id: string }>("SELECT id FROM events WHERE gateway_id = $1", [gatewayId])).rows.map((r) => r.id);

    const spool = await openSpool({ dir: await newDir("warden-spool-down-"), capBytes: 64 * 1024 * 1024, whenFull: "refuse", log, segmentBytes: 8192 });
    cleanups.push(() => spool.close());
    const sender = startSpoolSender({ spool, baseUrl: warden.url, apiKey, log, batchSize: 20, idleWaitMs: 50, retryBaseMs: 50, retryMaxMs: 500 });
    cleanups.push(() => sender.stop());
    const ids: string[] = [];
    const record = async (n: number) => {
      for (let i = 0; i < n; i++) {
        const e: SpoolEvent = { id: crypto.randomUUID(), timestamp: new Date().toISOString(), userId: "u1", server: "fs", tool: "read_file", status: "ok", durationMs: i };
        await spool.started(e);
        await spool.finished(e);
        ids.push(e.id);
      }
    };

    await record(30);
    expect(await sender.drained(120_000)).toBe(true);
    expect((await storedIds()).sort()).toEqual([...ids].sort());

    await warden.stop();
    await record(45);
    await expect.poll(() => sender.status().state, { timeout: 60_000 }).toBe("waiting_for_warden");
    expect(spool.stats().depthEvents).toBe(45); // waiting, not dropped
    expect(spool.stats().counters.deadLettered).toBe(0);

    warden = await startAppServer({ databaseUrl: pgHandle.url, env, name: "spool-warden", port: warden.port });
    await record(5);
    expect(await sender.drained(180_000)).toBe(true);
    const stored = await storedIds();
    expect(stored.length).toBe(80);
    expect(stored.sort()).toEqual([...ids].sort());
    expect(spool.stats().counters).toMatchObject({ spooled: 80, deadLettered: 0, dropped: 0 });
    expect(spool.stats().counters.sent).toBeGreaterThanOrEqual(80);
  });
});
