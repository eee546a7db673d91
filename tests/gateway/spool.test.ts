import { randomUUID } from "node:crypto";
import { appendFile, mkdtemp, readdir, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { db } from "../../lib/db";
import { DEAD_LETTER_FILE, openSpool, SpoolFullError, type Spool, type SpoolEvent } from "../../lib/gateway/spool/open-spool";
import { encodeRecord } from "../../lib/gateway/spool/spool-record";
import { startSpoolSender, type SpoolSender } from "../../lib/gateway/spool/start-spool-sender";
import { createTestGateway } from "../support/gateways";
import { baseUrl } from "../support/http";

const dirs: string[] = [];
const open: (Spool | SpoolSender)[] = [];
afterEach(async () => {
  for (const x of open.splice(0).reverse()) await ("stop" in x ? x.stop() : x.close());
  await Promise.all(dirs.splice(0).map((d) => rm(d, { recursive: true, force: true })));
});

function testLog() {
  const lines: { level: string; obj: object; msg?: string }[] = [];
  const at = (level: string) => (obj: object, msg?: string) => void lines.push({ level, obj, msg });
  return { lines, info: at("info"), warn: at("warn"), error: at("error") };
}

async function newDir() {
  const dir = await mkdtemp(path.join(tmpdir(), "warden-spool-"));
  dirs.push(dir);
  return dir;
}

async function spoolAt(dir: string, o: { capBytes?: number; whenFull?: "refuse" | "drop"; segmentBytes?: number } = {}) {
  const log = testLog();
  const spool = await openSpool({ dir, capBytes: o.capBytes ?? 64 * 1024 * 1024, whenFull: o.whenFull ?? "refuse", segmentBytes: o.segmentBytes, log });
  open.push(spool);
  return { spool, log };
}

async function reopen(spool: Spool, o: Parameters<typeof spoolAt>[1] = {}) {
  await spool.close();
  return spoolAt(spool.dir, o);
}

/** The spool's segment files, oldest first, with their sizes. */
async function segmentFiles(dir: string): Promise<{ name: string; size: number }[]> {
  const names = (await readdir(dir)).filter((n) => /^seg-\d{10}\.log$/.test(n)).sort();
  return Promise.all(names.map(async (name) => ({ name, size: (await stat(path.join(dir, name))).size })));
}

const call = (i: number, extra: Partial<SpoolEvent> = {}): SpoolEvent => ({
  id: randomUUID(),
  timestamp: new Date().toISOString(),
  userId: `u${i % 3}`,
  server: "fs",
  tool: "write_file",
  status: "ok",
  durationMs: 3,
  params: { path: `/tmp/f${i}` },
  ...extra,
});

/** Everything the spool would still send, read without acknowledging. */
async function pending(spool: Spool) {
  return (await spool.readPending({ maxEvents: 100_000 })).events;
}

describe("gateway spool (lib/gateway/spool)", () => {
  it("group commit: concurrent started()/finished() calls share one write+fsync, and every record is durable when its call resolves", async () => {
    const { spool } = await spoolAt(await newDir());
    const calls = Array.from({ length: 64 }, (_, i) => call(i));
    await Promise.all(calls.map((c) => spool.started(c)));
    const afterStarted = spool.stats().io;
    expect(afterStarted.records).toBe(64);
    expect(afterStarted.commits).toBeLessThanOrEqual(2); // the first caller's commit, then everyone who queued meanwhile
    await Promise.all(calls.map((c) => spool.finished({ ...c, durationMs: 9 })));
    expect(spool.stats().io.commits - afterStarted.commits).toBeLessThanOrEqual(2);
    expect(spool.stats()).toMatchObject({ depthEvents: 64, counters: { spooled: 64, sent: 0, dropped: 0, deadLettered: 0 } });
    // Sequential callers get one commit each (nothing to share).
    const one = spool.stats().io.commits;
    for (const c of calls.slice(0, 3)) await spool.claimApproval(randomUUID(), c.id);
    const alone = call(99, { durationMs: 9 });
    await spool.started(alone);
    expect(spool.stats().io.commits).toBe(one + 1);
    await spool.finished(alone);
    expect(spool.stats().io.commits).toBe(one + 2);
    const { spool: again } = await reopen(spool);
    const events = await pending(again);
    expect(events.map((e) => e.id).sort()).toEqual([...calls, alone].map((c) => c.id).sort());
    expect(events.every((e) => e.durationMs === 9)).toBe(true);
  });

  it("on open, a call started and never finished is reported once with status error and errorType gateway_restarted", async () => {
    const { spool } = await spoolAt(await newDir());
    const done = call(1);
    const lost = call(2, { approvalId: randomUUID() });
    await spool.started(done);
    await spool.started(lost);
    await spool.finished({ ...done, status: "ok", durationMs: 12 });
    const { spool: again, log } = await reopen(spool); // the process "crashed": `lost` never finished
    const events = await pending(again);
    expect(events).toHaveLength(2);
    expect(events.find((e) => e.id === done.id)).toMatchObject({ status: "ok", durationMs: 12 });
    expect(events.find((e) => e.id === lost.id)).toMatchObject({ status: "error", errorType: "gateway_restarted", approvalId: lost.approvalId, tool: "write_file" });
    expect(log.lines.some((l) => l.level === "warn" && /gateway_restarted/.test(l.msg ?? ""))).toBe(true);
    // Reopened again, it is not reported a second time.
    const { spool: third } = await reopen(again);
    expect((await pending(third)).filter((e) => e.id === lost.id)).toHaveLength(1);
  });

  it("finished() queues its record before it returns: a caller that does not wait (the answer goes out first) still has it committed by committed() and by close()", async () => {
    const { spool } = await spoolAt(await newDir());
    const a = call(1);
    const b = call(2);
    await spool.started(a);
    await spool.started(b);
    const commitsBefore = spool.stats().io.commits;
    void spool.finished({ ...a, durationMs: 7 }); // not awaited, as the record stage does
    await spool.committed();
    expect(spool.stats().io.commits).toBe(commitsBefore + 1);
    expect(spool.stats().depthEvents).toBe(1);
    void spool.finished({ ...b, durationMs: 8 });
    const { spool: again } = await reopen(spool); // close() right after: the queued record is flushed, not lost
    const events = await pending(again);
    expect(events.map((e) => [e.id, e.status, e.durationMs])).toEqual([
      [a.id, "ok", 7],
      [b.id, "ok", 8],
    ]);
  });

  it("a finished record nobody waits for rides along with the next call's started commit (one commit per call at one client), or is committed on its own within LATE_COMMIT_MS", async () => {
    const { spool } = await spoolAt(await newDir());
    const calls = [call(1), call(2), call(3)];
    await spool.started(calls[0]);
    const commits0 = spool.stats().io.commits;
    void spool.finished({ ...calls[0], durationMs: 1 }); // the answer went out; the next call arrives
    await spool.started(calls[1]);
    expect(spool.stats().io.commits).toBe(commits0 + 1); // one write+fsync carried both records
    expect(spool.stats().depthEvents).toBe(1);
    const lone = spool.finished({ ...calls[1], durationMs: 2 }); // no call follows: its own commit, soon
    await lone;
    expect(spool.stats().io.commits).toBe(commits0 + 2);
    await spool.started(calls[2]);
    void spool.finished({ ...calls[2], durationMs: 3 });
    const { spool: again } = await reopen(spool); // close() commits what is queued
    expect((await pending(again)).map((e) => e.durationMs)).toEqual([1, 2, 3]);
  });

  it("a suspended call (a resumable approval hold's round) is no longer open: no event, not reported after a restart; its later round records it", async () => {
    const { spool } = await spoolAt(await newDir());
    const held = call(1, { approvalId: randomUUID() });
    await spool.started(held);
    await spool.suspended(held.id);
    const { spool: again } = await reopen(spool); // restarted between two rounds of the hold
    expect(await pending(again)).toEqual([]);
    await again.started(held); // the client's retry resumes the call under the same event id
    await again.finished({ ...held, status: "ok", durationMs: 5 });
    const { spool: third } = await reopen(again);
    expect(await pending(third)).toMatchObject([{ id: held.id, status: "ok" }]);
  });

  it("a torn last record (crash mid-write) is ignored and truncated; every whole record survives and writing goes on", async () => {
    const { spool } = await spoolAt(await newDir());
    const calls = [call(1), call(2), call(3)];
    for (const c of calls) await spool.finished(c);
    await spool.close();
    const [seg] = (await segmentFiles(spool.dir)).filter((s) => s.size > 0);
    const whole = seg.size;
    const torn = encodeRecord({ t: "finished", e: call(4) });
    await appendFile(path.join(spool.dir, seg.name), torn.subarray(0, torn.length - 7));
    const { spool: again, log } = await spoolAt(spool.dir);
    expect((await stat(path.join(spool.dir, seg.name))).size).toBe(whole);
    expect(log.lines.some((l) => l.level === "warn" && /torn record/.test(l.msg ?? ""))).toBe(true);
    const next = call(5);
    await again.finished(next);
    const { spool: third, log: log3 } = await reopen(again);
    expect((await pending(third)).map((e) => e.id)).toEqual([...calls, next].map((c) => c.id));
    expect(log3.lines.filter((l) => /torn/.test(l.msg ?? ""))).toEqual([]);
    // A flipped byte (CRC mismatch) is a torn record too.
    await third.close();
    const segs = (await segmentFiles(spool.dir)).filter((s) => s.size > 0);
    const last = segs[segs.length - 1];
    const file = path.join(spool.dir, last.name);
    const bytes = await readFile(file);
    bytes[bytes.length - 3] ^= 0xff; // inside the last record (`next`), the only one in that segment
    await writeFile(file, bytes);
    const { spool: fourth } = await spoolAt(spool.dir);
    expect((await pending(fourth)).map((e) => e.id)).toEqual(calls.map((c) => c.id));
  });

  it("a call open for long (an approval wait) does not pin old segments, and is still recovered after a crash", async () => {
    const { spool } = await spoolAt(await newDir(), { segmentBytes: 4096 });
    const waiting = call(0);
    await spool.started(waiting);
    for (let round = 0; round < 10; round++) {
      for (let i = 0; i < 20; i++) await spool.finished(call(i));
      const { events, next } = await spool.readPending({ maxEvents: 1000 });
      await spool.acknowledge({ next, events: events.length, sent: events.length, deadLettered: 0 });
    }
    expect(spool.stats().io.records).toBeGreaterThan(200);
    expect((await segmentFiles(spool.dir)).length).toBeLessThanOrEqual(3);
    const { spool: again } = await reopen(spool); // crashed while the call waited
    const events = await pending(again);
    expect(events.map((e) => e.id)).toEqual([waiting.id]);
    expect(events[0]).toMatchObject({ status: "error", errorType: "gateway_restarted" });
  });

  it("when full, started() refuses new calls with SpoolFullError (whenFull: refuse), while calls already started still finish", async () => {
    const { spool } = await spoolAt(await newDir(), { capBytes: 6000 }); // 4 KiB segments
    const started: SpoolEvent[] = [];
    let refused: unknown = null;
    for (let i = 0; i < 100 && !refused; i++) {
      const c = call(i, { params: { blob: "x".repeat(200) } });
      try {
        await spool.started(c);
        started.push(c);
      } catch (err) {
        refused = err;
      }
    }
    expect(refused).toBeInstanceOf(SpoolFullError);
    expect((refused as SpoolFullError).code).toBe("spool_full");
    expect(started.length).toBeGreaterThan(3);
    for (const c of started) await spool.finished(c); // never refused: the call already ran
    expect(spool.stats().depthEvents).toBe(started.length);
    expect(spool.stats().depthBytes).toBeGreaterThan(6000);
    expect(spool.stats().counters.dropped).toBe(0);
    await expect(spool.started(call(200))).rejects.toBeInstanceOf(SpoolFullError);
    // Once Warden has the events, their segments go and new calls are taken again.
    for (;;) {
      const { events, next, advanced } = await spool.readPending({ maxEvents: 1000 });
      if (!events.length && !advanced) break;
      await spool.acknowledge({ next, events: events.length, sent: events.length, deadLettered: 0 });
    }
    expect(spool.stats().depthEvents).toBe(0);
    expect(spool.stats().depthBytes).toBeLessThan(6000);
    await spool.started(call(201));
  });

  it("when full with whenFull: drop, new calls are not written and are counted as dropped", async () => {
    const { spool } = await spoolAt(await newDir(), { capBytes: 4000, whenFull: "drop" });
    const calls = Array.from({ length: 40 }, (_, i) => call(i, { params: { blob: "y".repeat(200) } }));
    for (const c of calls) {
      await spool.started(c);
      await spool.finished(c);
    }
    const { dropped, spooled } = spool.stats().counters;
    expect(dropped).toBeGreaterThan(0);
    expect(dropped + spooled).toBe(40);
    expect((await pending(spool)).length).toBe(spooled);
  });

  it("claimApproval is durable and permanent: an approval id is claimed once, ever (concurrently, and across restarts)", async () => {
    const { spool } = await spoolAt(await newDir());
    const approval = randomUUID();
    const results = await Promise.all([spool.claimApproval(approval, "e1"), spool.claimApproval(approval, "e2"), spool.claimApproval(approval, "e3")]);
    expect(results.filter(Boolean)).toHaveLength(1);
    const other = randomUUID();
    expect(await spool.claimApproval(other, "e4")).toBe(true);
    const { spool: again } = await reopen(spool);
    expect(await again.claimApproval(approval, "e5")).toBe(false);
    expect(await again.claimApproval(other, "e6")).toBe(false);
    expect(await again.claimApproval(randomUUID(), "e7")).toBe(true);
  });

  it("the sender drains to the real Warden exactly once, from the persisted offset, and deletes acknowledged segments", async () => {
    const gw = await createTestGateway();
    const { spool } = await spoolAt(await newDir(), { segmentBytes: 4096 });
    const calls = Array.from({ length: 120 }, (_, i) => call(i));
    for (const c of calls.slice(0, 60)) await spool.finished(c); // one commit each: rotation at 4 KiB
    expect((await segmentFiles(spool.dir)).length).toBeGreaterThan(3);
    const sender = startSpoolSender({ spool, baseUrl: baseUrl(), apiKey: gw.apiKey, log: testLog(), batchSize: 25, idleWaitMs: 50 });
    open.push(sender);
    await Promise.all(calls.slice(60).map((c) => spool.finished(c)));
    expect(await sender.drained(60_000)).toBe(true);
    expect(spool.stats()).toMatchObject({ depthEvents: 0, counters: { spooled: 120, sent: 120, deadLettered: 0 } });
    const rows = await db().event.findMany({ where: { gatewayId: gw.gatewayId }, select: { id: true } });
    expect(rows.map((r) => r.id).sort()).toEqual(calls.map((c) => c.id).sort());
    expect((await segmentFiles(spool.dir)).length).toBeLessThanOrEqual(2);
    await sender.stop();
    // Reopened: the persisted offset says everything was sent.
    const { spool: again } = await reopen(spool);
    expect(await pending(again)).toEqual([]);
    expect(again.stats().depthEvents).toBe(0);
  });

  it("under steady traffic the sender lets events gather for lingerMs (one request for many calls, not one per call); drained() does not wait the linger out", async () => {
    const gw = await createTestGateway();
    const { spool } = await spoolAt(await newDir());
    let requests = 0;
    const countingFetch: typeof fetch = (input, init) => {
      requests++;
      return fetch(input, init);
    };
    const sender = startSpoolSender({ spool, baseUrl: baseUrl(), apiKey: gw.apiKey, log: testLog(), idleWaitMs: 50, lingerMs: 120_000, fetch: countingFetch });
    open.push(sender);
    const calls = Array.from({ length: 40 }, (_, i) => call(i));
    await spool.finished(calls[0]!); // the first after a quiet spell goes at once…
    await expect.poll(() => spool.stats().counters.sent, { timeout: 60_000 }).toBe(1);
    for (const c of calls.slice(1)) await spool.finished(c); // …the next ones, one by one, wait for the linger
    expect(spool.stats().counters.sent).toBe(1);
    expect(await sender.drained(60_000)).toBe(true); // a drain (shutdown) cuts the 2-minute linger short
    expect(spool.stats().counters).toMatchObject({ spooled: 40, sent: 40 });
    expect(requests).toBe(2);
    const rows = await db().event.findMany({ where: { gatewayId: gw.gatewayId }, select: { id: true } });
    expect(rows.map((r) => r.id).sort()).toEqual(calls.map((c) => c.id).sort());
  });

  it("an event Warden refuses as invalid goes to the dead-letter file with the reason, is counted, and the rest is delivered", async () => {
    const gw = await createTestGateway();
    const { spool } = await spoolAt(await newDir());
    const good = [call(1), call(2), call(3)];
    const bad = call(4, { tool: "" });
    for (const c of [good[0], bad, good[1], good[2]]) await spool.finished(c);
    const log = testLog();
    const sender = startSpoolSender({ spool, baseUrl: baseUrl(), apiKey: gw.apiKey, log, idleWaitMs: 50 });
    open.push(sender);
    expect(await sender.drained(60_000)).toBe(true);
    expect(spool.stats().counters).toMatchObject({ sent: 3, deadLettered: 1 });
    const lines = (await readFile(path.join(spool.dir, DEAD_LETTER_FILE), "utf8")).trim().split("\n").map((l) => JSON.parse(l));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ reason: "invalid", event: { id: bad.id, tool: "" } });
    expect(lines[0].issues.some((i: { path: string }) => i.path === "tool")).toBe(true);
    expect(log.lines.some((l) => l.level === "error" && /dead-letter/.test(l.msg ?? ""))).toBe(true);
    const rows = await db().event.findMany({ where: { gatewayId: gw.gatewayId }, select: { id: true } });
    expect(rows.map((r) => r.id).sort()).toEqual(good.map((c) => c.id).sort());
  });

  it("an authentication failure (401) stops sending and keeps the spool; a valid key later delivers every event once", async () => {
    const gw = await createTestGateway();
    const { spool } = await spoolAt(await newDir());
    const calls = Array.from({ length: 10 }, (_, i) => call(i));
    for (const c of calls) await spool.finished(c);
    const log = testLog();
    const refused = startSpoolSender({ spool, baseUrl: baseUrl(), apiKey: "wk_revoked_or_wrong", log, idleWaitMs: 50, authRetryMs: 60_000 });
    open.push(refused);
    await expect.poll(() => refused.status().state, { timeout: 30_000 }).toBe("unauthorized");
    expect(log.lines.some((l) => l.level === "error" && /401\/403/.test(l.msg ?? ""))).toBe(true);
    expect(spool.stats()).toMatchObject({ depthEvents: 10, counters: { sent: 0, deadLettered: 0 } });
    await refused.stop();
    const { spool: again } = await reopen(spool);
    expect((await pending(again)).length).toBe(10);
    const sender = startSpoolSender({ spool: again, baseUrl: baseUrl(), apiKey: gw.apiKey, log: testLog(), idleWaitMs: 50 });
    open.push(sender);
    expect(await sender.drained(60_000)).toBe(true);
    expect(await db().event.count({ where: { gatewayId: gw.gatewayId } })).toBe(10);
  });

  it("a request Warden refuses as a whole (404: the Warden URL points elsewhere) stops sending and keeps the spool", async () => {
    const gw = await createTestGateway();
    const { spool } = await spoolAt(await newDir());
    for (let i = 0; i < 5; i++) await spool.finished(call(i));
    const log = testLog();
    const sender = startSpoolSender({ spool, baseUrl: `${baseUrl()}/not-warden`, apiKey: gw.apiKey, log, idleWaitMs: 50 });
    open.push(sender);
    await expect.poll(() => sender.status().state, { timeout: 30_000 }).toBe("request_refused");
    expect(sender.status().lastError).toMatch(/HTTP 404/);
    expect(spool.stats()).toMatchObject({ depthEvents: 5, counters: { sent: 0, deadLettered: 0 } });
    expect(log.lines.some((l) => l.level === "error" && /check the Warden URL/.test(l.msg ?? ""))).toBe(true);
  });

  it("a recovered call (gateway_restarted) reaches Warden with that errorType", async () => {
    const gw = await createTestGateway();
    const { spool } = await spoolAt(await newDir());
    const lost = call(1);
    await spool.started(lost);
    const { spool: again } = await reopen(spool);
    const sender = startSpoolSender({ spool: again, baseUrl: baseUrl(), apiKey: gw.apiKey, log: testLog(), idleWaitMs: 50 });
    open.push(sender);
    expect(await sender.drained(60_000)).toBe(true);
    const row = await db().event.findFirstOrThrow({ where: { id: lost.id }, select: { status: true, errorType: true } });
    expect(row).toMatchObject({ status: "error", errorType: "gateway_restarted" });
  });
});
