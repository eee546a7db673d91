import { open, readFile, rename, type FileHandle } from "node:fs/promises";
import path from "node:path";
import type { HeavyFinding } from "../../guards/heavy/create-heavy-scanner";
import type { WardenGatewayApi } from "../warden/create-warden-gateway-api";
import { WardenRequestError } from "../warden/warden-errors";

// Late flags' delivery (docs/guards.md "Two speeds"): what the heavy rules found in a call's output goes to
// Warden as POST /api/v1/events/{id}/flags. It must survive Warden being down and the gateway restarting, so
// each late flag is first appended (fsync'd) to `late-flags.jsonl` in the spool directory (the spool's lock
// makes this process its only writer), and a "done" line is appended once Warden has it or it is given up.
// The file is rewritten with what is still pending when it is reopened, and emptied whenever nothing is.
//
// Warden answers 404 for an event it has not stored yet (it is still in the spool: lingering, or Warden was
// down): the late flag is retried with backoff (1 s … 30 s) until `maxAgeMs` after Warden first answered so
// (default 24 h; time while Warden is unreachable does not count), then given up (counted, logged). Network errors, 429 and 5xx back off the same way without a
// deadline; 401/403 wait a minute; another 4xx (the late flag is invalid) gives it up at once.

export const LATE_FLAGS_FILE = "late-flags.jsonl";

export interface LateFlag {
  eventId: string;
  server: string;
  tool: string;
  flags: string[];
  findings: Pick<HeavyFinding, "flag" | "rule" | "category" | "severity" | "message">[];
  /** When it was found (ms since the epoch). */
  at: number;
}

export interface LateFlagStats {
  pending: number;
  delivered: number;
  /** Given up: the event never reached Warden within maxAgeMs, Warden refused it, or the file was full. */
  dropped: number;
}

export interface LateFlagQueue {
  /** Durable before it resolves (never throws: a write failure is logged and counted as dropped). */
  add(flag: Omit<LateFlag, "at">): Promise<void>;
  stats(): LateFlagStats;
  /** Resolves when nothing is pending, or after `timeoutMs` (false then). */
  drained(timeoutMs: number): Promise<boolean>;
  close(): Promise<void>;
}

export interface OpenLateFlagQueueOptions {
  dir: string;
  /** Warden's gateway API (createWardenGatewayApi): its errors say what to do with a late flag. */
  api: Pick<WardenGatewayApi, "addEventFlags">;
  log: { info(o: object, m?: string): void; warn(o: object, m?: string): void; error(o: object, m?: string): void };
  /** Give up a late flag whose event Warden still does not have this long after its first 404 (default 24 h). */
  maxAgeMs?: number;
  /** Pending late flags at most (default 10 000); more are dropped and counted. */
  maxPending?: number;
  /** First try this long after a flag is found, so the event (lingering in the spool) is there (default 1 s). */
  firstDelayMs?: number;
}

interface Pending extends LateFlag {
  attempts: number;
  nextAt: number;
  /** When Warden first answered 404 (it was up and did not have the event). */
  notFoundSince?: number;
}

type Line = ({ t: "add" } & LateFlag) | { t: "done"; eventId: string; at: number };

export async function openLateFlagQueue(o: OpenLateFlagQueueOptions): Promise<LateFlagQueue> {
  const file = path.join(o.dir, LATE_FLAGS_FILE);
  const maxAgeMs = o.maxAgeMs ?? 24 * 3600_000;
  const maxPending = o.maxPending ?? 10_000;
  const firstDelayMs = o.firstDelayMs ?? 1000;
  const counts = { delivered: 0, dropped: 0 };
  // Keyed by event id and found-time, so two late flags of one event (a repeat) are both kept.
  const pending = new Map<string, Pending>();
  const key = (f: { eventId: string; at: number }) => `${f.eventId}@${f.at}`;

  // Recovery: what was added and not done.
  const text = await readFile(file, "utf8").catch((err: NodeJS.ErrnoException) => (err.code === "ENOENT" ? "" : Promise.reject(err)));
  for (const raw of text.split("\n")) {
    if (!raw.trim()) continue;
    let line: Line;
    try {
      line = JSON.parse(raw) as Line;
    } catch {
      continue; // a torn last line (crash mid-write)
    }
    if (line.t === "add") pending.set(key(line), { ...line, attempts: 0, nextAt: 0 });
    else pending.delete(key(line));
  }
  /** Compaction: what is pending, written beside the file and renamed over it (a crash leaves one or the other). */
  const rewrite = async () => {
    const tmp = `${file}.tmp`;
    const h = await open(tmp, "w");
    try {
      await h.writeFile([...pending.values()].map(({ attempts: _a, nextAt: _n, ...f }) => `${JSON.stringify({ ...f, t: "add" })}\n`).join(""));
      await h.datasync();
    } finally {
      await h.close();
    }
    await rename(tmp, file);
  };
  await rewrite();
  if (pending.size) o.log.info({ pending: pending.size }, "late flags: resending those not yet delivered");

  let fh: FileHandle | null = await open(file, "a");
  let writes = Promise.resolve();
  /** Serialized appends; a failed write is logged (the late flag is still sent while this process runs). */
  const append = (line: Line) =>
    (writes = writes
      .then(async () => {
        if (!fh) return;
        await fh.write(`${JSON.stringify(line)}\n`);
        await fh.datasync();
      })
      .catch((err: unknown) => o.log.error({ eventId: line.eventId, err: (err as Error).message }, "late flags: could not write late-flags.jsonl")));

  let closed = false;
  let timer: NodeJS.Timeout | undefined;
  let busy = false;
  let authWaitUntil = 0;
  let backoffMs = 0;
  let drainWaiters: (() => void)[] = [];

  const settle = async (p: Pending, outcome: "delivered" | "dropped") => {
    pending.delete(key(p));
    counts[outcome]++;
    await append({ t: "done", eventId: p.eventId, at: p.at });
    if (!pending.size) {
      // Nothing pending: start the file afresh.
      writes = writes
        .then(async () => {
          if (!fh || pending.size) return;
          await fh.truncate(0);
          await fh.datasync();
        })
        .catch(() => undefined);
      await writes;
      for (const w of drainWaiters.splice(0)) w();
    }
  };

  const schedule = () => {
    if (closed || busy) return;
    clearTimeout(timer);
    if (!pending.size) return;
    const next = Math.max(authWaitUntil, Math.min(...[...pending.values()].map((p) => p.nextAt)));
    timer = setTimeout(() => void pump(), Math.max(0, next - Date.now()));
    timer.unref();
  };

  async function send(p: Pending): Promise<"delivered" | "not_found" | "refused" | "auth" | "retry"> {
    try {
      await o.api.addEventFlags(p.eventId, { source: "heavy_output", flags: p.flags, findings: p.findings });
      return "delivered";
    } catch (err) {
      // WardenUnavailableError (unreachable, 429, 5xx): retry later. WardenRequestError: what the status says.
      if (!(err instanceof WardenRequestError)) return "retry";
      if (err.status === 404) return "not_found";
      if (err.status === 401 || err.status === 403) return "auth";
      o.log.error({ eventId: p.eventId, status: err.status, err: err.message }, "late flags refused by Warden: given up");
      return "refused";
    }
  }

  async function pump(): Promise<void> {
    if (busy || closed) return;
    busy = true;
    try {
      for (;;) {
        const now = Date.now();
        if (now < authWaitUntil) break;
        const due = [...pending.values()].filter((p) => p.nextAt <= now).sort((a, b) => a.at - b.at);
        if (!due.length || closed) break;
        let stop = false;
        for (const p of due) {
          if (closed) break;
          const outcome = await send(p);
          p.attempts++;
          if (outcome === "delivered") {
            backoffMs = 0;
            await settle(p, "delivered");
          } else if (outcome === "refused") {
            await settle(p, "dropped");
          } else if (outcome === "not_found") {
            backoffMs = 0;
            p.notFoundSince ??= Date.now();
            if (Date.now() - p.notFoundSince > maxAgeMs) {
              o.log.warn({ eventId: p.eventId, flags: p.flags }, "late flags given up: Warden never stored their event");
              await settle(p, "dropped");
            } else p.nextAt = Date.now() + Math.min(30_000, 1000 * 2 ** Math.min(p.attempts - 1, 5));
          } else if (outcome === "auth") {
            authWaitUntil = Date.now() + 60_000;
            stop = true;
            break;
          } else {
            // Warden down or busy: everything waits.
            backoffMs = Math.min(30_000, Math.max(1000, backoffMs * 2));
            for (const q of pending.values()) q.nextAt = Math.max(q.nextAt, Date.now() + backoffMs);
            stop = true;
            break;
          }
        }
        if (stop) break;
      }
    } finally {
      busy = false;
      schedule();
    }
  }

  schedule();
  return {
    async add(f) {
      if (closed) return;
      if (pending.size >= maxPending) {
        counts.dropped++;
        o.log.warn({ eventId: f.eventId }, "late flags dropped: too many pending");
        return;
      }
      const p: Pending = { ...f, at: Date.now(), attempts: 0, nextAt: Date.now() + firstDelayMs };
      while (pending.has(key(p))) p.at++;
      pending.set(key(p), p);
      await append({ t: "add", eventId: p.eventId, server: p.server, tool: p.tool, flags: p.flags, findings: p.findings, at: p.at });
      schedule();
    },
    stats: () => ({ pending: pending.size, ...counts }),
    drained(timeoutMs) {
      if (!pending.size) return Promise.resolve(true);
      for (const p of pending.values()) p.nextAt = Math.min(p.nextAt, Date.now());
      schedule();
      return new Promise<boolean>((resolve) => {
        const t = setTimeout(() => resolve(false), timeoutMs);
        t.unref();
        drainWaiters.push(() => {
          clearTimeout(t);
          resolve(true);
        });
      });
    },
    async close() {
      closed = true;
      clearTimeout(timer);
      drainWaiters = [];
      await writes.catch(() => undefined);
      await fh?.close();
      fh = null;
    },
  };
}
