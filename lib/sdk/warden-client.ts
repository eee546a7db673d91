// A TypeScript client for gateways: batches audit events and sends them to POST /api/v1/events.
// Plain Node (global fetch, node:crypto); no Next.js, no server code. Safe to copy into a gateway.
//
// Guarantees: every event gets its id and timestamp once, when recorded, so a retry re-sends exactly the
// same event and the server stores it once. Retries with backoff on 429, 502, 503, 504 and network errors,
// honouring Retry-After. Events the server refuses as invalid are dropped and reported through `onDropped`
// (the rest of the batch is re-sent). The client never wedges: a batch the server keeps failing on (another
// 5xx, `poisonAfterAttempts` times) is bisected until the event at fault is found; that event is quarantined
// (counted, logged, retried once every `quarantineRetryMs`) while everything else keeps flowing
// (deliver-events.ts). Nothing is dropped silently: `onDropped` hears of every drop, and `close()` returns
// every event it could not deliver, with why.
import { randomUUID } from "node:crypto";
import type { IngestEvent } from "../ingest/schema";
import { deliverEvents, type DeliverEventsOptions, type SdkLog } from "./deliver-events";

export { parseRetryAfter } from "./deliver-events";

/** What a gateway records: an event whose id and timestamp may be left to the client. */
export type WardenEventInput = Omit<IngestEvent, "id" | "timestamp"> & { id?: string; timestamp?: string | Date };
export type WardenEvent = IngestEvent;

/** "server_error": quarantined (the server failed on the event every time) and still failing at close(). */
export type DropReason = "invalid" | "too_large" | "unauthorized" | "overflow" | "closed" | "server_error";

export interface DroppedEvents {
  reason: DropReason;
  events: WardenEvent[];
  /** The server's explanation (issues per event for "invalid"). */
  detail?: string;
  issues?: { index?: number; path: string; message: string }[];
}

/** What close() could not deliver. */
export interface CloseResult {
  /** Events not delivered during close(), grouped by reason. Empty when everything arrived. */
  undelivered: DroppedEvents[];
  /** Events dropped before close() was called (each was reported through onDropped then). */
  droppedEarlier: number;
}

export interface WardenClientOptions {
  baseUrl: string;
  apiKey: string;
  /** Events per request (server maximum 1000). Default 500. */
  batchSize?: number;
  /** Longest an event waits in memory before a flush. Default 1000 ms. */
  flushIntervalMs?: number;
  /** Events held in memory at most; past it the oldest are dropped ("overflow"). Default 100 000. */
  maxQueue?: number;
  /** Backoff between retries: base and cap in ms (full jitter). Defaults 200 and 30 000. */
  retryBaseMs?: number;
  retryMaxMs?: number;
  /** Server errors (5xx other than 502/503/504) in a row before a batch is bisected / an event quarantined. Default 3. */
  poisonAfterAttempts?: number;
  /** How often quarantined events are tried again (one request each). Default 60 000 ms. */
  quarantineRetryMs?: number;
  /** One request's time limit. Default 30 000 ms. */
  requestTimeoutMs?: number;
  /** gzip bodies (Content-Encoding: gzip). Default true. */
  gzip?: boolean;
  /** Called for every event that will never be stored, with why. */
  onDropped?: (dropped: DroppedEvents) => void;
  /** Called on each failed attempt that will be retried (for logs/metrics). */
  onRetry?: (info: { attempt: number; status?: number; error?: string; delayMs: number }) => void;
  /** Where quarantine and bisection log lines go (pino fits). Default console. */
  log?: SdkLog;
  /** Injected for tests; default global fetch. */
  fetch?: typeof fetch;
}

export class WardenClient {
  private readonly opts: Required<Omit<WardenClientOptions, "onDropped" | "onRetry" | "fetch" | "log">> &
    Pick<WardenClientOptions, "onDropped" | "onRetry">;
  private readonly fetchImpl: typeof fetch;
  private readonly log: SdkLog;
  private queue: WardenEvent[] = [];
  private inflight: WardenEvent[] = [];
  private quarantine: WardenEvent[] = [];
  private quarantineDue = false;
  private quarantineTimer: NodeJS.Timeout | null = null;
  private timer: NodeJS.Timeout | null = null;
  private sending: Promise<void> | null = null;
  private closed = false;
  private stopRetrying = false;
  private readonly abort = new AbortController();
  private closing: DroppedEvents[] | null = null;
  /** Totals since the client was created (`quarantined`: events set aside after repeated server errors). */
  readonly stats = { recorded: 0, accepted: 0, duplicates: 0, dropped: 0, requests: 0, retries: 0, quarantined: 0, bisections: 0 };

  constructor(options: WardenClientOptions) {
    this.opts = {
      baseUrl: options.baseUrl.replace(/\/+$/, ""),
      apiKey: options.apiKey,
      batchSize: Math.min(Math.max(1, options.batchSize ?? 500), 1000),
      flushIntervalMs: options.flushIntervalMs ?? 1000,
      maxQueue: options.maxQueue ?? 100_000,
      retryBaseMs: options.retryBaseMs ?? 200,
      retryMaxMs: options.retryMaxMs ?? 30_000,
      poisonAfterAttempts: options.poisonAfterAttempts ?? 3,
      quarantineRetryMs: options.quarantineRetryMs ?? 60_000,
      requestTimeoutMs: options.requestTimeoutMs ?? 30_000,
      gzip: options.gzip ?? true,
      onDropped: options.onDropped,
      onRetry: options.onRetry,
    };
    this.fetchImpl = options.fetch ?? fetch;
    this.log = options.log ?? console;
  }

  /** Queues one event; returns its id (assigned here if missing, and never changed afterwards). */
  record(input: WardenEventInput): string {
    if (this.closed) throw new Error("WardenClient is closed");
    const { id, timestamp, ...rest } = input;
    const event = {
      ...rest,
      id: id ?? randomUUID(),
      timestamp: timestamp === undefined ? new Date().toISOString() : timestamp instanceof Date ? timestamp.toISOString() : timestamp,
    } as WardenEvent;
    this.queue.push(event);
    this.stats.recorded++;
    if (this.queue.length > this.opts.maxQueue) {
      const overflow = this.queue.splice(0, this.queue.length - this.opts.maxQueue);
      this.drop({ reason: "overflow", events: overflow, detail: `more than ${this.opts.maxQueue} events waiting` });
    }
    if (this.queue.length >= this.opts.batchSize) void this.flush();
    else this.timer ??= setTimeout(() => {
      this.timer = null;
      void this.flush();
    }, this.opts.flushIntervalMs);
    return event.id;
  }

  /** Events recorded and not yet stored or dropped (quarantined ones included). */
  get pending(): number {
    return this.queue.length + this.inflight.length + this.quarantine.length;
  }

  /** Sends everything queued so far (retrying as needed); resolves when the queue is empty. */
  flush(): Promise<void> {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = null;
    }
    this.sending ??= this.drain().finally(() => {
      this.sending = null;
      if (this.queue.length && !this.closed) void this.flush();
    });
    return this.sending;
  }

  /**
   * Flushes, tries quarantined events once more, and stops. Without `timeoutMs` it waits for an unavailable
   * server; with it, it gives up retrying after that long. Resolves with every event it did not deliver.
   */
  async close(opts: { timeoutMs?: number } = {}): Promise<CloseResult> {
    const droppedEarlier = this.stats.dropped;
    this.closed = true;
    this.closing ??= [];
    let timer: NodeJS.Timeout | undefined;
    if (opts.timeoutMs !== undefined) {
      timer = setTimeout(() => {
        this.stopRetrying = true;
        this.abort.abort();
      }, opts.timeoutMs);
    }
    try {
      while (this.queue.length || this.sending) await this.flush();
      if (this.quarantine.length) {
        this.quarantineDue = true;
        await this.flush();
      }
      const left = this.quarantine.splice(0);
      this.drop({ reason: "server_error", events: left, detail: "the server failed on these events every time it was sent them" });
    } finally {
      if (timer) clearTimeout(timer);
      if (this.quarantineTimer) clearTimeout(this.quarantineTimer);
      this.quarantineTimer = null;
    }
    return { undelivered: this.closing, droppedEarlier };
  }

  private async drain(): Promise<void> {
    if (this.quarantineDue) {
      this.quarantineDue = false;
      // One request per quarantined event; any failure puts it back.
      for (const event of this.quarantine.splice(0)) await this.deliver([event], true);
      if (this.quarantine.length) this.scheduleQuarantineRetry();
    }
    while (this.queue.length) {
      // Out of the queue while in flight (so overflow trimming never touches it); deliver settles every
      // event of it: stored, dropped or quarantined.
      this.inflight = this.queue.splice(0, this.opts.batchSize);
      try {
        await this.deliver(this.inflight, false);
      } finally {
        this.inflight = [];
      }
    }
  }

  private async deliver(events: WardenEvent[], retryingQuarantine: boolean): Promise<void> {
    const once: Partial<DeliverEventsOptions> = retryingQuarantine ? { poisonAfterAttempts: 1, shouldStop: () => true } : {};
    const r = await deliverEvents({
      baseUrl: this.opts.baseUrl,
      apiKey: this.opts.apiKey,
      events,
      gzip: this.opts.gzip,
      retryBaseMs: this.opts.retryBaseMs,
      retryMaxMs: this.opts.retryMaxMs,
      poisonAfterAttempts: this.opts.poisonAfterAttempts,
      requestTimeoutMs: this.opts.requestTimeoutMs,
      shouldStop: () => this.stopRetrying,
      signal: this.abort.signal,
      onRetry: (info) => {
        this.stats.retries++;
        this.opts.onRetry?.(info);
      },
      log: this.log,
      fetch: this.fetchImpl,
      ...once,
    });
    this.stats.requests += r.requests;
    this.stats.accepted += r.accepted;
    this.stats.duplicates += r.duplicates;
    this.stats.bisections += r.bisections;
    for (const refused of r.refused) this.drop(refused);
    for (const q of r.quarantined) {
      this.quarantine.push(...q.events);
      if (!retryingQuarantine) this.stats.quarantined += q.events.length;
    }
    if (this.quarantine.length > this.opts.maxQueue) {
      const overflow = this.quarantine.splice(0, this.quarantine.length - this.opts.maxQueue);
      this.drop({ reason: "overflow", events: overflow, detail: `more than ${this.opts.maxQueue} events quarantined` });
    }
    if (r.unauthorized) this.drop({ reason: "unauthorized", events: r.unauthorized.events, detail: r.unauthorized.detail });
    if (r.requestRefused) this.drop({ reason: "invalid", events: r.requestRefused.events, detail: `HTTP ${r.requestRefused.status}: ${r.requestRefused.detail}` });
    if (r.stopped) {
      if (retryingQuarantine) this.quarantine.push(...r.stopped.events);
      else this.drop({ reason: "closed", events: r.stopped.events, detail: r.stopped.detail });
    }
    if (this.quarantine.length && !retryingQuarantine) this.scheduleQuarantineRetry();
  }

  private scheduleQuarantineRetry() {
    if (this.closed || this.quarantineTimer) return;
    this.quarantineTimer = setTimeout(() => {
      this.quarantineTimer = null;
      this.quarantineDue = true;
      void this.flush();
    }, this.opts.quarantineRetryMs);
    this.quarantineTimer.unref();
  }

  private drop(d: DroppedEvents) {
    if (!d.events.length) return;
    this.stats.dropped += d.events.length;
    this.closing?.push(d);
    this.opts.onDropped?.(d);
  }
}
