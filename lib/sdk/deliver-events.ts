// Delivers one batch of events to POST /api/v1/events and says what became of every event in it.
// Plain Node (global fetch); shared by WardenClient (warden-client.ts) and the gateway's spool sender.
//
// - 2xx: stored (or already stored: Warden is idempotent on the event id).
// - 400 with per-event issues: exactly those events are refused ("invalid"), the rest is re-sent. A 400 that
//   names no event is narrowed by halving the batch; an event alone is refused.
// - 413: the batch is halved; a single event that is still too large is refused ("too_large").
// - 401/403: nothing more is sent; the undelivered rest is returned as `unauthorized`.
// - Another 4xx (404 wrong URL, 405, 415…) refuses the request, not the events: nothing more is sent; the
//   undelivered rest is returned as `requestRefused`.
// - 429, 502, 503, 504, 408 and network errors: the server or the path to it is unavailable, which says
//   nothing about the events: retried with backoff (honouring Retry-After) until `shouldStop()`.
// - Any other 5xx that repeats `poisonAfterAttempts` times is taken as the batch's fault (an event the server
//   cannot store): the batch is bisected, so the good halves go through, down to the single event, which is
//   quarantined (returned in `quarantined`, never retried here). A poison event costs O(log n) requests and
//   never blocks the events behind it.
import { gzip } from "node:zlib";
import { promisify } from "node:util";
import type { IngestEvent } from "../ingest/schema";

const gzipAsync = promisify(gzip);

export type WardenEvent = IngestEvent;

export interface EventIssue {
  index?: number;
  path: string;
  message: string;
}

/** Minimal logger (console and pino both fit). */
export interface SdkLog {
  warn(obj: object, msg?: string): void;
}

export interface DeliverEventsOptions {
  baseUrl: string;
  apiKey: string;
  events: WardenEvent[];
  /** gzip bodies (Content-Encoding: gzip). Default true. */
  gzip?: boolean;
  /** Backoff between retries: base and cap in ms (full jitter). Defaults 200 and 30 000. */
  retryBaseMs?: number;
  retryMaxMs?: number;
  /** Consecutive "server error" answers (5xx other than 502/503/504) before a batch is bisected or an event quarantined. Default 3. */
  poisonAfterAttempts?: number;
  /** One request's time limit. Default 30 000 ms. */
  requestTimeoutMs?: number;
  /** Asked before every retry; true stops delivery and returns the undelivered rest as `stopped`. */
  shouldStop?: () => boolean;
  /** Aborts the request in flight and any backoff wait (the rest comes back as `stopped`). */
  signal?: AbortSignal;
  onRetry?: (info: { attempt: number; status?: number; error?: string; delayMs: number }) => void;
  log?: SdkLog;
  fetch?: typeof fetch;
}

export interface DeliveryResult {
  /** Events Warden has (accepted now, or duplicates of events it already stored). */
  delivered: WardenEvent[];
  accepted: number;
  duplicates: number;
  /** Events Warden refused; they will never be stored as they are. */
  refused: { reason: "invalid" | "too_large"; events: WardenEvent[]; detail: string; issues?: EventIssue[] }[];
  /** Single events Warden answered with a server error every time: set aside so the rest flows. */
  quarantined: { events: WardenEvent[]; detail: string }[];
  /** 401/403: the events not delivered (nothing more was sent). */
  unauthorized?: { events: WardenEvent[]; detail: string };
  /** Another 4xx: the request itself is refused (wrong URL…); the events not delivered. */
  requestRefused?: { status: number; events: WardenEvent[]; detail: string };
  /** shouldStop()/signal: the events not delivered. */
  stopped?: { events: WardenEvent[]; detail: string };
  requests: number;
  retries: number;
  bisections: number;
}

type PostResult =
  | { kind: "ok"; accepted: number; duplicates: number }
  | { kind: "invalid"; message: string; issues: EventIssue[] }
  | { kind: "too_large"; message: string }
  | { kind: "unauthorized"; message: string }
  | { kind: "refused_request"; status: number; message: string }
  | { kind: "retry"; poison: boolean; status?: number; message: string; retryAfterMs?: number };

export async function deliverEvents(o: DeliverEventsOptions): Promise<DeliveryResult> {
  const retryBaseMs = o.retryBaseMs ?? 200;
  const retryMaxMs = o.retryMaxMs ?? 30_000;
  const poisonAfter = Math.max(1, o.poisonAfterAttempts ?? 3);
  const fetchImpl = o.fetch ?? fetch;
  const url = `${o.baseUrl.replace(/\/+$/, "")}/api/v1/events`;
  const result: DeliveryResult = { delivered: [], accepted: 0, duplicates: 0, refused: [], quarantined: [], requests: 0, retries: 0, bisections: 0 };
  const stop = () => o.signal?.aborted || (o.shouldStop?.() ?? false);

  const post = async (batch: WardenEvent[]): Promise<PostResult> => {
    const json = JSON.stringify({ events: batch });
    const useGzip = o.gzip ?? true;
    const body = useGzip ? await gzipAsync(Buffer.from(json)) : json;
    const headers: Record<string, string> = { authorization: `Bearer ${o.apiKey}`, "content-type": "application/json" };
    if (useGzip) headers["content-encoding"] = "gzip";
    const timeout = AbortSignal.timeout(o.requestTimeoutMs ?? 30_000);
    const signal = o.signal ? AbortSignal.any([o.signal, timeout]) : timeout;
    try {
      result.requests++;
      const res = await fetchImpl(url, { method: "POST", headers, body, signal });
      const text = await res.text();
      const data = safeJson(text) as { accepted?: number; duplicates?: number; error?: { message?: string; issues?: EventIssue[] } } | undefined;
      if (res.ok) return { kind: "ok", accepted: data?.accepted ?? 0, duplicates: data?.duplicates ?? 0 };
      const message = data?.error?.message ?? `HTTP ${res.status}`;
      if (res.status === 400) return { kind: "invalid", message, issues: data?.error?.issues ?? [] };
      if (res.status === 413) return { kind: "too_large", message };
      if (res.status === 401 || res.status === 403) return { kind: "unauthorized", message };
      const retryAfterMs = parseRetryAfter(res.headers.get("retry-after"));
      if (res.status === 429 || res.status === 408 || res.status === 502 || res.status === 503 || res.status === 504)
        return { kind: "retry", poison: false, status: res.status, message, retryAfterMs };
      if (res.status >= 500) return { kind: "retry", poison: true, status: res.status, message, retryAfterMs };
      return { kind: "refused_request", status: res.status, message }; // another 4xx: this request will never be taken
    } catch (err) {
      return { kind: "retry", poison: false, message: err instanceof Error ? err.message : String(err) };
    }
  };

  const work: WardenEvent[][] = [o.events];
  const rest = () => work.flat();
  outer: while (work.length) {
    const batch = work.shift()!;
    if (!batch.length) continue;
    let serverErrors = 0;
    for (let attempt = 1; ; attempt++) {
      const r = await post(batch);
      if (r.kind === "ok") {
        result.delivered.push(...batch);
        result.accepted += r.accepted;
        result.duplicates += r.duplicates;
        continue outer;
      }
      if (r.kind === "invalid") {
        const bad = new Set(r.issues.map((i) => i.index).filter((i): i is number => typeof i === "number" && i >= 0 && i < batch.length));
        if (!bad.size) {
          if (batch.length === 1) result.refused.push({ reason: "invalid", events: batch, detail: r.message, issues: r.issues });
          else {
            const half = Math.ceil(batch.length / 2);
            work.unshift(batch.slice(0, half), batch.slice(half));
            result.bisections++;
          }
          continue outer;
        }
        // `issues` keep Warden's indexes, relative to the batch as sent.
        result.refused.push({ reason: "invalid", events: batch.filter((_, i) => bad.has(i)), detail: r.message, issues: r.issues });
        work.unshift(batch.filter((_, i) => !bad.has(i)));
        continue outer;
      }
      if (r.kind === "too_large") {
        if (batch.length === 1) result.refused.push({ reason: "too_large", events: batch, detail: r.message });
        else {
          const half = Math.ceil(batch.length / 2);
          work.unshift(batch.slice(0, half), batch.slice(half));
        }
        continue outer;
      }
      if (r.kind === "unauthorized") {
        result.unauthorized = { events: [...batch, ...rest()], detail: r.message };
        return result;
      }
      if (r.kind === "refused_request") {
        result.requestRefused = { status: r.status, events: [...batch, ...rest()], detail: r.message };
        return result;
      }
      serverErrors = r.poison ? serverErrors + 1 : 0;
      if (serverErrors >= poisonAfter) {
        if (batch.length === 1) {
          result.quarantined.push({ events: batch, detail: r.message });
          o.log?.warn({ eventId: batch[0].id, status: r.status, attempts: attempt, detail: r.message }, "warden sdk: event quarantined (the server failed on it every time); the rest keeps flowing");
        } else {
          const half = Math.ceil(batch.length / 2);
          work.unshift(batch.slice(0, half), batch.slice(half));
          result.bisections++;
          o.log?.warn({ events: batch.length, status: r.status, attempts: attempt, detail: r.message }, "warden sdk: batch bisected (the server failed on it every time)");
        }
        continue outer;
      }
      if (stop()) {
        result.stopped = { events: [...batch, ...rest()], detail: `stopped: ${r.status ? `HTTP ${r.status} ` : ""}${r.message}` };
        return result;
      }
      const backoff = Math.random() * Math.min(retryMaxMs, retryBaseMs * 2 ** Math.min(attempt - 1, 16));
      const delayMs = Math.min(retryMaxMs, Math.max(r.retryAfterMs ?? 0, backoff));
      result.retries++;
      o.onRetry?.({ attempt, status: r.status, error: r.message, delayMs });
      await sleep(delayMs, o.signal);
    }
  }
  return result;
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

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const t = setTimeout(done, ms);
    function done() {
      clearTimeout(t);
      signal?.removeEventListener("abort", done);
      resolve();
    }
    signal?.addEventListener("abort", done, { once: true });
  });
}
