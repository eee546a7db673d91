// Drains the spool to Warden through lib/sdk (deliverEvents), batch by batch from the persisted offset,
// and acknowledges a batch only once every event in it is settled. Exactly once: event ids are fixed when the
// record is written and Warden is idempotent on them, so a batch re-sent after a crash stores nothing twice.
//
// The SDK's drop rules do not apply here:
// - an event Warden refuses as invalid (400 issues, 413 alone) or fails on every time (quarantined 5xx) goes
//   to dead-letter.jsonl with the reason, and is counted (the heartbeat reports it);
// - 401/403 stops sending and keeps the spool; it tries again every `authRetryMs` (logged each time); so does
//   another 4xx that refuses the request itself (404: `warden.url` points elsewhere);
// - Warden unreachable (network errors, 429, 502/503/504): the batch is retried with backoff, events stay
//   spooled (and new calls keep spooling until the cap).
import { deliverEvents } from "../../sdk/deliver-events";
import type { DeadLetter, Spool, SpoolLog } from "./open-spool";

export type SpoolSenderState = "idle" | "sending" | "waiting_for_warden" | "unauthorized" | "request_refused" | "stopped";

export interface SpoolSender {
  /** What the sender is doing now, and the last delivery problem (for healthz and the heartbeat). */
  status(): { state: SpoolSenderState; lastError: string | null; lastSentAt: string | null };
  /** Resolves true once the spool holds no unsent event, false after `timeoutMs`. */
  drained(timeoutMs: number): Promise<boolean>;
  /** Stops after the request in flight (its batch stays spooled unless acknowledged). */
  stop(): Promise<void>;
}

export interface StartSpoolSenderOptions {
  spool: Spool;
  baseUrl: string;
  apiKey: string;
  log: SpoolLog;
  /** Events per request. Default 500. */
  batchSize?: number;
  /** Backoff while Warden is unreachable: base and cap in ms. Defaults 250 and 30 000. */
  retryBaseMs?: number;
  retryMaxMs?: number;
  /** Pause after 401/403 before trying again. Default 60 000 ms. */
  authRetryMs?: number;
  /** Server errors in a row before a batch is bisected / an event dead-lettered. Default 5. */
  poisonAfterAttempts?: number;
  /** Longest wait for new events before looking again. Default 1000 ms. */
  idleWaitMs?: number;
  /**
   * After a batch smaller than `batchSize`, how long to let events gather before the next request. Default
   * 200 ms. The first event after a quiet spell goes at once; under steady traffic, one request carries what
   * arrived meanwhile instead of one request (and one Warden insert + WAL fsync) per call, which on a small
   * machine competes with the calls themselves for CPU and for the disk.
   */
  lingerMs?: number;
  gzip?: boolean;
  fetch?: typeof fetch;
}

export function startSpoolSender(o: StartSpoolSenderOptions): SpoolSender {
  const { spool, log } = o;
  const abort = new AbortController();
  let state: SpoolSenderState = "idle";
  let lastError: string | null = null;
  let lastSentAt: string | null = null;
  let stopping = false;
  let failures = 0;
  let hurry = false; // drained() waits: no lingering
  let endLinger: (() => void) | null = null;

  const pause = (ms: number) =>
    new Promise<void>((resolve) => {
      const t = setTimeout(done, ms);
      function done() {
        clearTimeout(t);
        abort.signal.removeEventListener("abort", done);
        resolve();
      }
      abort.signal.addEventListener("abort", done, { once: true });
    });

  async function sendOnce(): Promise<void> {
    const { events, next, advanced } = await spool.readPending({ maxEvents: o.batchSize ?? 500 });
    if (!events.length) {
      if (advanced) await spool.acknowledge({ next, events: 0, sent: 0, deadLettered: 0 }); // frees the segment behind
      state = "idle";
      await spool.waitForPending(o.idleWaitMs ?? 1000);
      return;
    }
    state = "sending";
    const r = await deliverEvents({
      baseUrl: o.baseUrl,
      apiKey: o.apiKey,
      events,
      gzip: o.gzip,
      retryBaseMs: o.retryBaseMs ?? 250,
      retryMaxMs: o.retryMaxMs ?? 30_000,
      poisonAfterAttempts: o.poisonAfterAttempts ?? 5,
      shouldStop: () => stopping,
      signal: abort.signal,
      fetch: o.fetch,
      log,
      onRetry: ({ attempt, status, error, delayMs }) => {
        state = "waiting_for_warden";
        lastError = status ? `HTTP ${status}: ${error ?? ""}` : (error ?? "unreachable");
        if (attempt === 1 || attempt % 10 === 0)
          log.warn({ attempt, status, error, delayMs, spooledEvents: spool.stats().depthEvents }, "spool sender: Warden unavailable; events stay spooled");
      },
    });
    if (r.unauthorized) {
      state = "unauthorized";
      lastError = `Warden refused the API key: ${r.unauthorized.detail}`;
      log.error({ detail: r.unauthorized.detail, retryInMs: o.authRetryMs ?? 60_000, spooledEvents: spool.stats().depthEvents }, "spool sender: Warden refused the API key (401/403); sending stopped, the spool is kept");
      await pause(o.authRetryMs ?? 60_000);
      return;
    }
    if (r.requestRefused) {
      state = "request_refused";
      lastError = `Warden refused the request: HTTP ${r.requestRefused.status} ${r.requestRefused.detail}`;
      log.error({ status: r.requestRefused.status, detail: r.requestRefused.detail, url: o.baseUrl, retryInMs: o.authRetryMs ?? 60_000 }, "spool sender: Warden refused the request itself (check the Warden URL); sending stopped, the spool is kept");
      await pause(o.authRetryMs ?? 60_000);
      return;
    }
    if (r.stopped) return; // stopping: the batch is not acknowledged; what did arrive is a duplicate next time
    const dead: DeadLetter[] = [
      ...r.refused.flatMap((x) => x.events.map((event) => ({ event, reason: x.reason, detail: x.detail, issues: x.issues }))),
      ...r.quarantined.flatMap((x) => x.events.map((event) => ({ event, reason: "server_error" as const, detail: x.detail }))),
    ];
    if (dead.length) {
      await spool.deadLetter(dead);
      log.error({ events: dead.length, reasons: [...new Set(dead.map((d) => d.reason))], ids: dead.slice(0, 10).map((d) => d.event.id) }, "spool sender: events Warden will not store were written to the dead-letter file");
    }
    await spool.acknowledge({ next, events: events.length, sent: r.delivered.length, deadLettered: dead.length });
    lastSentAt = new Date().toISOString();
    lastError = null;
    const linger = o.lingerMs ?? 200;
    if (events.length < (o.batchSize ?? 500) && linger > 0 && !hurry && !stopping) {
      state = "idle";
      await new Promise<void>((resolve) => {
        const t = setTimeout(done, linger);
        function done() {
          clearTimeout(t);
          endLinger = null;
          resolve();
        }
        endLinger = done;
      });
    }
  }

  const loop = (async () => {
    while (!stopping) {
      try {
        await sendOnce();
        failures = 0;
      } catch (err) {
        if (stopping) break;
        failures++;
        lastError = err instanceof Error ? err.message : String(err);
        log.error({ err: lastError, failures }, "spool sender: failed to read or acknowledge the spool; retrying");
        await pause(Math.min(30_000, 250 * 2 ** Math.min(failures, 7)));
      }
    }
    state = "stopped";
  })();

  return {
    status: () => ({ state, lastError, lastSentAt }),
    async drained(timeoutMs) {
      const deadline = Date.now() + timeoutMs;
      hurry = true;
      endLinger?.();
      try {
        await spool.committed(); // finished records the answers did not wait for
        while (spool.stats().depthEvents > 0) {
          if (Date.now() >= deadline || state === "stopped") return spool.stats().depthEvents === 0;
          await new Promise((r) => setTimeout(r, 25));
        }
        return true;
      } finally {
        hurry = false;
      }
    },
    async stop() {
      stopping = true;
      endLinger?.();
      abort.abort();
      await loop;
    },
  };
}
