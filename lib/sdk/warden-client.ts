// A TypeScript client for gateways: batches audit events and sends them to POST /api/v1/events.
// Plain Node (global fetch, node:crypto); no Next.js, no server code. Safe to copy into a gateway.
//
// Guarantees: every event gets its id and timestamp once, when recorded, so a retry re-sends exactly the
// same event and the server stores it once. Retries with backoff on 429, 503, other 5xx and network
// errors, honouring Retry-After. Events the server refuses as invalid are dropped and reported through
// `onDropped` (the rest of the batch is re-sent); nothing is dropped silently.
import { randomUUID } from "node:crypto";
import { gzip } from "node:zlib";
import { promisify } from "node:util";
import type { IngestEvent } from "../ingest/schema";

const gzipAsync = promisify(gzip);

/** What a gateway records: an event whose id and timestamp may be left to the client. */
export type WardenEventInput = Omit<IngestEvent, "id" | "timestamp"> & { id?: string; timestamp?: string | Date };
export type WardenEvent = IngestEvent;

export type DropReason = "invalid" | "too_large" | "unauthorized" | "overflow" | "closed";

export interface DroppedEvents {
  reason: DropReason;
  events: WardenEvent[];
  /** The server's explanation (issues per event for "invalid"). */
  detail?: string;
  issues?: { index?: number; path: string; message: string }[];
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
  /** gzip bodies (Content-Encoding: gzip). Default true. */
  gzip?: boolean;
  /** Called for every event that will never be stored, with why. */
  onDropped?: (dropped: DroppedEvents) => void;
  /** Called on each failed attempt that will be retried (for logs/metrics). */
  onRetry?: (info: { attempt: number; status?: number; error?: string; delayMs: number }) => void;
  /** Injected for tests; default global fetch. */
  fetch?: typeof fetch;
}

interface Outcome {
  accepted: number;
  duplicates: number;
}

export class WardenClient {
  private readonly opts: Required<Omit<WardenClientOptions, "onDropped" | "onRetry" | "fetch">> &
    Pick<WardenClientOptions, "onDropped" | "onRetry">;
  private readonly fetchImpl: typeof fetch;
  private queue: WardenEvent[] = [];
  private inflight: WardenEvent[] = [];
  private timer: NodeJS.Timeout | null = null;
  private sending: Promise<void> | null = null;
  private closed = false;
  private stopRetrying = false;
  /** Totals since the client was created. */
  readonly stats = { recorded: 0, accepted: 0, duplicates: 0, dropped: 0, requests: 0, retries: 0 };

  constructor(options: WardenClientOptions) {
    this.opts = {
      baseUrl: options.baseUrl.replace(/\/+$/, ""),
      apiKey: options.apiKey,
      batchSize: Math.min(Math.max(1, options.batchSize ?? 500), 1000),
      flushIntervalMs: options.flushIntervalMs ?? 1000,
      maxQueue: options.maxQueue ?? 100_000,
      retryBaseMs: options.retryBaseMs ?? 200,
      retryMaxMs: options.retryMaxMs ?? 30_000,
      gzip: options.gzip ?? true,
      onDropped: options.onDropped,
      onRetry: options.onRetry,
    };
    this.fetchImpl = options.fetch ?? fetch;
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

  /** Events recorded and not yet stored or dropped. */
  get pending(): number {
    return this.queue.length + this.inflight.length;
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
   * Flushes and stops. With `timeoutMs`, gives up retrying after that long and reports what is left as
   * dropped ("closed").
   */
  async close(opts: { timeoutMs?: number } = {}): Promise<void> {
    this.closed = true;
    let timer: NodeJS.Timeout | undefined;
    if (opts.timeoutMs !== undefined) {
      timer = setTimeout(() => {
        this.stopRetrying = true;
      }, opts.timeoutMs);
    }
    try {
      while (this.queue.length || this.sending) await this.flush();
    } finally {
      if (timer) clearTimeout(timer);
    }
  }

  private async drain(): Promise<void> {
    while (this.queue.length) {
      // Out of the queue while in flight (so overflow trimming never touches it); sendBatch settles every
      // event of it, stored or dropped.
      this.inflight = this.queue.splice(0, this.opts.batchSize);
      try {
        await this.sendBatch(this.inflight);
      } finally {
        this.inflight = [];
      }
    }
  }

  /** Sends one batch until every event in it is stored or dropped. */
  private async sendBatch(initial: WardenEvent[]): Promise<void> {
    const work: WardenEvent[][] = [initial];
    while (work.length) {
      const batch = work.shift()!;
      if (!batch.length) continue;
      const result = await this.post(batch);
      if (result.kind === "ok") {
        this.stats.accepted += result.outcome.accepted;
        this.stats.duplicates += result.outcome.duplicates;
      } else if (result.kind === "invalid") {
        const bad = new Set(result.issues.map((i) => i.index).filter((i): i is number => typeof i === "number"));
        if (!bad.size) {
          this.drop({ reason: "invalid", events: batch, detail: result.message, issues: result.issues });
          continue;
        }
        this.drop({
          reason: "invalid",
          events: batch.filter((_, i) => bad.has(i)),
          detail: result.message,
          issues: result.issues,
        });
        work.unshift(batch.filter((_, i) => !bad.has(i)));
      } else if (result.kind === "too_large") {
        if (batch.length === 1) this.drop({ reason: "too_large", events: batch, detail: result.message });
        else {
          const half = Math.ceil(batch.length / 2);
          work.unshift(batch.slice(0, half), batch.slice(half));
        }
      } else if (result.kind === "unauthorized") {
        this.drop({ reason: "unauthorized", events: batch, detail: result.message });
      } else {
        this.drop({ reason: "closed", events: batch, detail: result.message });
      }
    }
  }

  private async post(
    batch: WardenEvent[],
  ): Promise<
    | { kind: "ok"; outcome: Outcome }
    | { kind: "invalid"; message: string; issues: { index?: number; path: string; message: string }[] }
    | { kind: "too_large" | "unauthorized" | "gave_up"; message: string }
  > {
    const json = JSON.stringify({ events: batch });
    const body = this.opts.gzip ? await gzipAsync(Buffer.from(json)) : json;
    const headers: Record<string, string> = { authorization: `Bearer ${this.opts.apiKey}`, "content-type": "application/json" };
    if (this.opts.gzip) headers["content-encoding"] = "gzip";
    for (let attempt = 1; ; attempt++) {
      let status: number | undefined;
      let retryAfterMs: number | undefined;
      let error: string | undefined;
      try {
        this.stats.requests++;
        const res = await this.fetchImpl(`${this.opts.baseUrl}/api/v1/events`, { method: "POST", headers, body });
        status = res.status;
        const text = await res.text();
        const data = safeJson(text) as { accepted?: number; duplicates?: number; error?: { message?: string; issues?: [] } } | undefined;
        if (res.ok) return { kind: "ok", outcome: { accepted: data?.accepted ?? 0, duplicates: data?.duplicates ?? 0 } };
        const message = data?.error?.message ?? `HTTP ${res.status}`;
        if (res.status === 400) return { kind: "invalid", message, issues: data?.error?.issues ?? [] };
        if (res.status === 413) return { kind: "too_large", message };
        if (res.status === 401 || res.status === 403) return { kind: "unauthorized", message };
        if (res.status !== 429 && res.status < 500 && res.status !== 408) return { kind: "invalid", message, issues: [] };
        retryAfterMs = parseRetryAfter(res.headers.get("retry-after"));
        error = message;
      } catch (err) {
        error = err instanceof Error ? err.message : String(err);
      }
      if (this.stopRetrying) return { kind: "gave_up", message: `gave up while closing: ${error ?? `HTTP ${status}`}` };
      const backoff = Math.random() * Math.min(this.opts.retryMaxMs, this.opts.retryBaseMs * 2 ** Math.min(attempt - 1, 16));
      const delayMs = Math.min(this.opts.retryMaxMs, Math.max(retryAfterMs ?? 0, backoff));
      this.stats.retries++;
      this.opts.onRetry?.({ attempt, status, error, delayMs });
      await sleep(delayMs);
    }
  }

  private drop(d: DroppedEvents) {
    if (!d.events.length) return;
    this.stats.dropped += d.events.length;
    this.opts.onDropped?.(d);
  }
}

function safeJson(text: string): unknown {
  try {
    return text ? JSON.parse(text) : undefined;
  } catch {
    return undefined;
  }
}

/** Retry-After as seconds or an HTTP date, in ms. */
export function parseRetryAfter(value: string | null, now = Date.now()): number | undefined {
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const at = Date.parse(value);
  return Number.isFinite(at) ? Math.max(0, at - now) : undefined;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
