// The gateway's durable spool: every call's record is on disk (fsync'd) before the call goes on, and stays
// there until Warden has stored it. Design, formats and guarantees: docs/spool.md.
//
// - Append-only segment files `seg-<n>.log` of framed records (spool-record.ts): started, finished, acked.
// - Group commit: concurrent writers share one write + fdatasync; each caller resolves only once its
//   record is durable. Where the OS has O_DSYNC (Linux, macOS) the files are opened with it, so a commit is
//   one write() that returns once the data is on disk: one thread-pool round trip instead of two
//   (write, then fdatasync), which halves what a commit adds to a call on a busy machine.
// - The sender reads finished events from the persisted offset (the last "acked" record) and acknowledges
//   batches; a segment is deleted once the offset has passed it and none of its calls is still open.
// - Approval claims live in their own never-rotated file (claims.log): a claim is refused forever.
// - On open: a torn last record is ignored and truncated; a call "started" and never "finished" is
//   finished as status "error", errorType "gateway_restarted".
import { constants as fsConstants } from "node:fs";
import { appendFile, mkdir, open, readdir, readFile, truncate, unlink, writeFile, type FileHandle } from "node:fs/promises";
import path from "node:path";
import { decodeRecords, encodeRecord, type SpoolEvent, type SpoolRecord } from "./spool-record";

export type { SpoolEvent } from "./spool-record";

/** Minimal logger (pino-compatible). */
export interface SpoolLog {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

export class SpoolFullError extends Error {
  readonly code = "spool_full";
  constructor(readonly depthBytes: number, readonly capBytes: number) {
    super(`the gateway's spool is full (${depthBytes} of ${capBytes} bytes): calls are refused until Warden has received the spooled events`);
    this.name = "SpoolFullError";
  }
}

/** A place in the spool: segment number and byte offset. */
export interface SpoolPosition {
  seg: number;
  off: number;
}

export interface SpoolStats {
  depthEvents: number;
  depthBytes: number;
  capBytes: number;
  counters: { spooled: number; sent: number; deadLettered: number; dropped: number };
  /** Group commits (write + fdatasync) and the records they carried, since open. */
  io: { commits: number; records: number };
}

export interface DeadLetter {
  event: SpoolEvent;
  reason: "invalid" | "too_large" | "server_error";
  detail?: string;
  issues?: { index?: number; path: string; message: string }[];
}

export interface Spool {
  /** Durable (fsync'd; concurrent callers share one fsync = group commit) before it resolves. Throws SpoolFullError when full in "refuse" mode. */
  started(event: SpoolEvent): Promise<void>;
  /**
   * The complete event, same id. Always written for a call that was started (the cap applies to new calls only).
   * The record is queued for the next group commit before this returns (synchronously); the promise resolves once
   * it is durable, so a caller may answer without waiting and still have the record in the spool's queue.
   */
  finished(event: SpoolEvent): Promise<void>;
  /** Resolves once every record queued so far is durable (or has failed). */
  committed(): Promise<void>;
  /**
   * The call ended this round without finishing: a 2026-07-28 client holds the approval in its
   * `requestState` and comes back with the same event id. Closes the "started" record without an event (so a
   * restart does not report it as gateway_restarted); the round that finishes the call records it.
   */
  suspended(eventId: string): Promise<void>;
  /** Whether this approval was claimed (ever, across restarts). */
  isClaimed(approvalId: string): boolean;
  /** Durable; false if this approval was already claimed (ever, across restarts). */
  claimApproval(approvalId: string, eventId: string): Promise<boolean>;
  stats(): SpoolStats;
  close(): Promise<void>;
  // The sender's side (start-spool-sender.ts).
  /** Finished events from the persisted offset on, in order, at most `maxEvents`; `next` is where the batch ends. */
  readPending(o: { maxEvents: number }): Promise<{ events: SpoolEvent[]; next: SpoolPosition; /** `next` is in a later segment than the offset: worth acknowledging even with no events, so the old segment can go. */ advanced: boolean }>;
  /** Persists `next` as the new offset (Warden has the events before it); deletes segments no longer needed. */
  acknowledge(o: { next: SpoolPosition; events: number; sent: number; deadLettered: number }): Promise<void>;
  /** Appends to dead-letter.jsonl (fsync'd): one JSON line per event with the reason. */
  deadLetter(entries: DeadLetter[]): Promise<void>;
  /** Resolves when a finished event is written (or after `timeoutMs`), so the sender need not poll. */
  waitForPending(timeoutMs: number): Promise<void>;
  readonly dir: string;
}

export interface OpenSpoolOptions {
  dir: string;
  capBytes: number;
  whenFull: "refuse" | "drop";
  log: SpoolLog;
  /** Segment size before rotation. Default: capBytes / 16, between 4 KiB and 8 MiB. */
  segmentBytes?: number;
}

const SEGMENT = /^seg-(\d{10})\.log$/;
const segName = (n: number) => `seg-${String(n).padStart(10, "0")}.log`;
const CLAIMS = "claims.log";
export const DEAD_LETTER_FILE = "dead-letter.jsonl";
const READ_CHUNK = 1024 * 1024;
/** The longest a "finished" record waits for another record's commit to ride along with (see append()). */
export const LATE_COMMIT_MS = 5;

const before = (a: SpoolPosition, b: SpoolPosition) => a.seg < b.seg || (a.seg === b.seg && a.off < b.off);

interface Pending {
  buf: Buffer;
  /** Someone waits for this record to be durable before going on ("started", "suspended", recovery): commit it now. */
  urgent: boolean;
  /** A "finished" record: its call is no longer open once the record is committed. */
  finishedId?: string;
  resolve: (end: SpoolPosition) => void;
  reject: (err: unknown) => void;
  /** Settles with the record (committed or failed). */
  done?: Promise<void>;
}

export async function openSpool(o: OpenSpoolOptions): Promise<Spool> {
  await mkdir(o.dir, { recursive: true });
  const unlock = await lockDir(o.dir);
  try {
    return await openLockedSpool(o, unlock);
  } catch (err) {
    await unlock();
    throw err;
  }
}

async function openLockedSpool(o: OpenSpoolOptions, unlock: () => Promise<void>): Promise<Spool> {
  const { dir, capBytes, whenFull, log } = o;
  const segmentBytes = o.segmentBytes ?? Math.min(8 * 1024 * 1024, Math.max(4096, Math.floor(capBytes / 16)));

  // ---- recovery: read every segment in order ----
  const sizes = new Map<number, number>(); // segment → durable size
  const openStarts = new Map<string, { seg: number; event: SpoolEvent }>();
  const finishedAt: SpoolPosition[] = [];
  let cursor: SpoolPosition = { seg: 0, off: 0 };
  const names = (await readdir(dir)).filter((n) => SEGMENT.test(n)).sort();
  for (const name of names) {
    const seg = Number(SEGMENT.exec(name)![1]);
    const file = path.join(dir, name);
    const buf = await readFile(file);
    const decoded = decodeRecords(buf);
    if (decoded.stop !== "eof") {
      log.warn({ segment: name, at: decoded.end, bytes: buf.length - decoded.end, why: decoded.stop }, "spool: torn record at the end of a segment ignored and truncated");
      await truncate(file, decoded.end);
      await syncFile(file);
    }
    sizes.set(seg, decoded.end);
    for (const { record, off } of decoded.records) {
      if (record.t === "started") openStarts.set(record.e.id, { seg, event: record.e });
      else if (record.t === "suspended") openStarts.delete(record.id);
      else if (record.t === "finished") {
        openStarts.delete(record.e.id);
        finishedAt.push({ seg, off });
      } else if (record.t === "acked") {
        const at = { seg: record.seg, off: record.off };
        if (before(cursor, at)) cursor = at;
      }
    }
  }
  const claims = new Set<string>();
  const claimsFile = path.join(dir, CLAIMS);
  {
    const buf = await readFile(claimsFile).catch((e: NodeJS.ErrnoException) => (e.code === "ENOENT" ? Buffer.alloc(0) : Promise.reject(e)));
    const decoded = decodeRecords(buf);
    if (decoded.stop !== "eof") {
      log.warn({ file: CLAIMS, at: decoded.end, why: decoded.stop }, "spool: torn approval claim ignored and truncated");
      await truncate(claimsFile, decoded.end);
    }
    for (const { record } of decoded.records) if (record.t === "claim") claims.add(record.approvalId);
  }

  // ---- the active segment: always a new one, so appends never follow a truncated tail ----
  const lastSeg = names.length ? Number(SEGMENT.exec(names[names.length - 1])![1]) : 0;
  let activeSeg = lastSeg + 1;
  let active = await createSegment(dir, activeSeg);
  sizes.set(activeSeg, 0);
  let activeSize = 0; // bytes written and fsync'd
  let queuedBytes = 0; // bytes waiting for the next group commit
  const claimsHandle = await openAppend(claimsFile);

  const counters = { spooled: 0, sent: 0, deadLettered: 0, dropped: 0 };
  const io = { commits: 0, records: 0 };
  let depthEvents = finishedAt.filter((p) => !before(p, cursor)).length;
  const dropped = new Set<string>();
  let closed = false;
  let broken: unknown = null;
  let queue: Pending[] = [];
  let flushing: Promise<void> | null = null;
  let waiters: (() => void)[] = [];

  const depthBytes = () => [...sizes.values()].reduce((a, b) => a + b, 0) + queuedBytes;

  let lateTimer: NodeJS.Timeout | null = null; // commits records nobody waits for, if no urgent one comes first
  let commitAll = false;

  /**
   * Queues a record for the next group commit. An urgent record (the default) starts the commit now. A
   * "finished" record is not urgent: nobody waits for it (the answer has gone), so it rides along with the
   * next commit an urgent record starts — the next call's "started" — or is committed `LATE_COMMIT_MS` after
   * it was queued, whichever comes first. One commit per call at one client instead of two, fewer under load.
   */
  function append(record: SpoolRecord, encoded?: Buffer, urgent = true): Promise<SpoolPosition> {
    if (broken) return Promise.reject(new Error(`spool unusable after a failed write: ${String(broken)}`));
    if (closed) return Promise.reject(new Error("spool is closed"));
    const buf = encoded ?? encodeRecord(record);
    queuedBytes += buf.length;
    const finishedId = record.t === "finished" ? record.e.id : record.t === "suspended" ? record.id : undefined;
    let item!: Pending;
    const p = new Promise<SpoolPosition>((resolve, reject) => (item = { buf, urgent, finishedId, resolve, reject }));
    item.done = p.then(
      () => undefined,
      () => undefined,
    );
    queue.push(item);
    if (urgent) commitNow();
    else if (!flushing) lateTimer ??= setTimeout(commitNow, LATE_COMMIT_MS);
    return p;
  }

  /** `all`: the records nobody waits for go too, even if a commit is running now (committed(), close()). */
  function commitNow(all = false): void {
    if (all) commitAll = true;
    if (lateTimer) clearTimeout(lateTimer);
    lateTimer = null;
    flushing ??= flush().finally(() => {
      flushing = null;
      // Left behind by the last round: only records nobody waits for (an urgent one would have gone).
      if (queue.length && !closed) lateTimer ??= setTimeout(commitNow, LATE_COMMIT_MS);
    });
  }

  // Group commit: whatever queued while the last write+fsync ran goes out in the next one, as long as one of
  // those records is urgent; the rest wait for the next urgent record or their timer.
  async function flush(): Promise<void> {
    let first = true;
    while (queue.length && (first || commitAll || queue.some((p) => p.urgent))) {
      first = false;
      const batch = queue;
      queue = [];
      let bytes = batch.reduce((a, p) => a + p.buf.length, 0);
      const queued = bytes;
      try {
        let carried: Buffer[] = [];
        if (activeSize >= segmentBytes) {
          await active.close();
          activeSeg++;
          active = await createSegment(dir, activeSeg);
          sizes.set(activeSeg, 0);
          activeSize = 0;
          // Calls still open (a long approval wait) are re-started in the new segment, so they never pin old
          // segments on disk; on recovery the last "started" of an id counts, and a later "finished" closes it.
          for (const open of openStarts.values()) {
            if (open.seg >= activeSeg) continue;
            carried.push(encodeRecord({ t: "started", e: open.event }));
            open.seg = activeSeg;
          }
          bytes += carried.reduce((a, b) => a + b.length, 0);
        }
        const bufs = [...carried, ...batch.map((p) => p.buf)];
        const buf = bufs.length === 1 ? bufs[0] : Buffer.concat(bufs, bytes);
        carried = [];
        let written = 0;
        while (written < buf.length) written += (await active.write(buf, written, buf.length - written)).bytesWritten;
        if (!DSYNC) await active.datasync();
      } catch (err) {
        // After a failed fsync the page cache cannot be trusted (fsyncgate): refuse every later write.
        broken = err;
        queuedBytes -= queued;
        log.error({ err: String(err), segment: segName(activeSeg) }, "spool: write or fsync failed; the spool refuses further records");
        for (const p of batch) p.reject(err);
        for (const p of queue.splice(0)) p.reject(err);
        return;
      }
      queuedBytes -= queued;
      io.commits++;
      io.records += batch.length;
      let off = activeSize + (bytes - queued);
      activeSize += bytes;
      sizes.set(activeSeg, activeSize);
      for (const p of batch) {
        if (p.finishedId) openStarts.delete(p.finishedId);
        off += p.buf.length;
        p.resolve({ seg: activeSeg, off });
      }
    }
    commitAll = false;
  }

  function wake() {
    for (const w of waiters.splice(0)) w();
  }

  function full(extra: number) {
    return depthBytes() + extra > capBytes;
  }

  // Finish what the last run left open.
  if (openStarts.size) {
    const restarted = [...openStarts.values()].map(({ event }) => ({
      ...event,
      status: "error" as const,
      errorType: "gateway_restarted",
      durationMs: null, // unknown: the call ran for some time before the crash
      resultSummary: "The gateway stopped (crash or restart) before this call finished; its outcome is unknown.",
    }));
    await Promise.all(restarted.map((e) => append({ t: "finished", e })));
    openStarts.clear();
    depthEvents += restarted.length;
    counters.spooled += restarted.length;
    log.warn({ calls: restarted.length }, "spool: calls started before a crash are reported with errorType gateway_restarted");
  }
  await deleteAckedSegments();

  async function deleteAckedSegments() {
    let oldestOpen = Infinity;
    for (const s of openStarts.values()) oldestOpen = Math.min(oldestOpen, s.seg);
    for (const seg of [...sizes.keys()].sort((a, b) => a - b)) {
      if (seg >= cursor.seg || seg >= oldestOpen || seg === activeSeg) break;
      await unlink(path.join(dir, segName(seg))).catch((e: NodeJS.ErrnoException) => (e.code === "ENOENT" ? undefined : Promise.reject(e)));
      sizes.delete(seg);
    }
  }

  let claimWrites: Promise<unknown> = Promise.resolve();

  const spool: Spool = {
    dir,
    async started(event) {
      const record: SpoolRecord = { t: "started", e: event };
      const buf = encodeRecord(record); // encoded once: its size is what the cap counts
      if (full(buf.length)) {
        if (whenFull === "refuse") throw new SpoolFullError(depthBytes(), capBytes);
        dropped.add(event.id);
        counters.dropped++;
        return;
      }
      openStarts.set(event.id, { seg: activeSeg, event });
      try {
        const at = await append(record, buf);
        const open = openStarts.get(event.id);
        if (open) open.seg = Math.min(open.seg, at.seg);
      } catch (err) {
        openStarts.delete(event.id);
        throw err;
      }
    },
    async finished(event) {
      if (dropped.delete(event.id)) return; // its start was dropped (drop mode): counted once, then
      const wasStarted = openStarts.has(event.id);
      const record: SpoolRecord = { t: "finished", e: event };
      const buf = encodeRecord(record);
      if (!wasStarted && full(buf.length)) {
        if (whenFull === "refuse") throw new SpoolFullError(depthBytes(), capBytes);
        counters.dropped++;
        return;
      }
      await append(record, buf, false);
      openStarts.delete(event.id);
      depthEvents++;
      counters.spooled++;
      wake();
    },
    async committed() {
      const last = queue.at(-1);
      if (last && !closed) {
        commitNow(true);
        await last.done;
      }
      while (flushing) await flushing.catch(() => undefined);
    },
    async suspended(eventId) {
      if (dropped.delete(eventId)) return;
      if (!openStarts.has(eventId)) return;
      await append({ t: "suspended", id: eventId });
      openStarts.delete(eventId);
    },
    isClaimed(approvalId) {
      return claims.has(approvalId);
    },
    async claimApproval(approvalId, eventId) {
      if (closed) throw new Error("spool is closed");
      if (claims.has(approvalId)) return false;
      claims.add(approvalId); // before the write: a concurrent second claim is refused, and a failed write keeps it refused
      const write = claimWrites.then(async () => {
        await claimsHandle.write(encodeRecord({ t: "claim", approvalId, eventId }));
        if (!DSYNC) await claimsHandle.datasync();
      });
      claimWrites = write.catch(() => undefined);
      await write;
      return true;
    },
    stats() {
      return { depthEvents, depthBytes: depthBytes(), capBytes, counters: { ...counters }, io: { ...io } };
    },
    async readPending({ maxEvents }) {
      const events: SpoolEvent[] = [];
      let pos = { ...cursor };
      const segs = [...sizes.keys()].sort((a, b) => a - b);
      for (const seg of segs) {
        if (seg < pos.seg) continue;
        if (seg > pos.seg) pos = { seg, off: 0 };
        const end = sizes.get(seg) ?? 0;
        if (pos.off < end) {
          const handle = await open(path.join(dir, segName(seg)), "r");
          try {
            while (pos.off < end && events.length < maxEvents) {
              let want = Math.min(READ_CHUNK, end - pos.off);
              let buf = Buffer.allocUnsafe(want);
              let { bytesRead } = await handle.read(buf, 0, want, pos.off);
              let decoded = decodeRecords(buf.subarray(0, bytesRead), pos.off, maxEvents * 4);
              if (!decoded.records.length && decoded.stop === "partial" && decoded.need && decoded.need > want) {
                want = decoded.need;
                buf = Buffer.allocUnsafe(want);
                ({ bytesRead } = await handle.read(buf, 0, want, pos.off));
                decoded = decodeRecords(buf.subarray(0, bytesRead), pos.off, maxEvents * 4);
              }
              if (!decoded.records.length) throw new Error(`spool: unreadable record in ${segName(seg)} at ${pos.off}`);
              for (const { record, end: recEnd } of decoded.records) {
                if (events.length >= maxEvents) break;
                if (record.t === "finished") events.push(record.e);
                pos = { seg, off: recEnd };
              }
            }
          } finally {
            await handle.close();
          }
        }
        if (events.length >= maxEvents) break;
      }
      return { events, next: pos, advanced: pos.seg > cursor.seg };
    },
    async acknowledge({ next, events, sent, deadLettered }) {
      if (!before(cursor, next)) return;
      await append({ t: "acked", seg: next.seg, off: next.off });
      cursor = next;
      depthEvents = Math.max(0, depthEvents - events);
      counters.sent += sent;
      counters.deadLettered += deadLettered;
      await deleteAckedSegments();
    },
    async deadLetter(entries) {
      if (!entries.length) return;
      const at = new Date().toISOString();
      const lines = entries.map((d) => JSON.stringify({ at, reason: d.reason, detail: d.detail, issues: d.issues, event: d.event }) + "\n").join("");
      const file = path.join(dir, DEAD_LETTER_FILE);
      await appendFile(file, lines);
      await syncFile(file);
    },
    waitForPending(timeoutMs) {
      return new Promise<void>((resolve) => {
        const t = setTimeout(resolve, timeoutMs);
        waiters.push(() => {
          clearTimeout(t);
          resolve();
        });
      });
    },
    async close() {
      if (closed) return;
      while (queue.length || flushing) {
        if (!flushing) commitNow(true);
        await flushing;
      }
      if (lateTimer) clearTimeout(lateTimer);
      lateTimer = null;
      closed = true;
      wake();
      await claimWrites;
      await active.close();
      await claimsHandle.close();
      await unlock();
    },
  };
  return spool;
}

const lockedDirs = new Set<string>();

/**
 * One process, one spool per directory: two writers would interleave records and recover each other's open
 * calls. `spool.lock` holds the owner's pid; a lock whose process is gone (kill -9) is taken over.
 */
async function lockDir(dir: string): Promise<() => Promise<void>> {
  const key = path.resolve(dir);
  const file = path.join(dir, "spool.lock");
  if (lockedDirs.has(key)) throw new Error(`spool ${dir} is already open in this process`);
  const created = await writeFile(file, `${process.pid}\n`, { flag: "wx" }).then(
    () => true,
    (e: NodeJS.ErrnoException) => (e.code === "EEXIST" ? false : Promise.reject(e)),
  );
  if (!created) {
    const owner = Number((await readFile(file, "utf8").catch(() => "")).trim());
    if (owner && owner !== process.pid && isAlive(owner)) throw new Error(`spool ${dir} is in use by process ${owner} (another gateway?)`);
    await writeFile(file, `${process.pid}\n`); // its owner is gone (kill -9): take it over
  }
  lockedDirs.add(key);
  return async () => {
    lockedDirs.delete(key);
    await unlink(file).catch(() => undefined);
  };
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** O_DSYNC where the platform has it: every write is durable (data + the size) when it returns. */
const DSYNC = typeof fsConstants.O_DSYNC === "number" && fsConstants.O_DSYNC > 0 && process.platform !== "win32";

async function openAppend(file: string): Promise<FileHandle> {
  if (!DSYNC) return open(file, "a");
  return open(file, fsConstants.O_WRONLY | fsConstants.O_APPEND | fsConstants.O_CREAT | fsConstants.O_DSYNC, 0o666);
}

async function createSegment(dir: string, n: number): Promise<FileHandle> {
  const handle = await openAppend(path.join(dir, segName(n)));
  await syncFile(dir); // the new file's directory entry is durable too
  return handle;
}

async function syncFile(file: string) {
  const h = await open(file, "r");
  try {
    await h.sync();
  } finally {
    await h.close();
  }
}
