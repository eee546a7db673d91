import { readFileSync } from "node:fs";
import { rootCertificates } from "node:tls";
import { Agent, fetch as undiciFetch } from "undici";
import type { FetchLike } from "@modelcontextprotocol/client";
import type { HttpServerConfig } from "../config/schema";

/**
 * The fetch an HTTP upstream is reached with. TLS is always verified (rejectUnauthorized stays on); a
 * `caFile` adds to the system roots, `clientCertFile`/`clientKeyFile` present a client certificate (mTLS).
 * Without either, the global fetch. Either way through `withRequestSignals` (below).
 */
export function createUpstreamFetch(o: { config: HttpServerConfig }): FetchLike {
  const { caFile, clientCertFile, clientKeyFile } = o.config;
  if (!caFile && !clientCertFile) return withRequestSignals((url, init) => fetch(url, init));
  const agent = new Agent({
    connect: {
      rejectUnauthorized: true,
      ca: caFile ? [...rootCertificates, readFileSync(caFile, "utf8")] : undefined,
      cert: clientCertFile ? readFileSync(clientCertFile) : undefined,
      key: clientKeyFile ? readFileSync(clientKeyFile) : undefined,
    },
  });
  return withRequestSignals(
    (url, init) => undiciFetch(url, { ...(init as object), dispatcher: agent } as never) as unknown as Promise<Response>,
  );
}

/**
 * The SDK's Streamable HTTP client passes its transport-wide AbortSignal to every request. fetch (undici)
 * adds an abort listener to that signal per request and removes it only when the Request is garbage
 * collected, so the gateway's one long-lived upstream session piles up thousands of listeners under load:
 * memory, and Node's MaxListenersExceededWarning (past 1500) printed to the log on every further call.
 * Here each request gets its own signal instead; the long-lived one carries a single listener that aborts
 * the requests still running (their response bodies included), and a request leaves that set once its
 * response is read to the end, cancelled or failed.
 */
export function withRequestSignals(base: (url: string | URL, init?: RequestInit) => Promise<Response>): FetchLike {
  const running = new WeakMap<AbortSignal, Set<AbortController>>();
  return (async (url: string | URL, init?: RequestInit) => {
    const outer = init?.signal;
    if (!outer || outer.aborted) return base(url, init);
    let set = running.get(outer);
    if (!set) {
      const live = new Set<AbortController>();
      set = live;
      running.set(outer, live);
      outer.addEventListener(
        "abort",
        () => {
          for (const c of live) c.abort(outer.reason);
          live.clear();
        },
        { once: true },
      );
    }
    const controller = new AbortController();
    const own = set;
    own.add(controller);
    const settle = () => own.delete(controller);
    let res: Response;
    try {
      res = await base(url, { ...init, signal: controller.signal });
    } catch (err) {
      settle();
      throw err;
    }
    // Only a successful body can stream on for long (SSE); errors and redirects are read at once.
    if (!res.body || !res.ok) {
      settle();
      return res;
    }
    const reader = res.body.getReader();
    const body = new ReadableStream<Uint8Array>({
      async pull(c) {
        try {
          const chunk = await reader.read();
          if (chunk.done) {
            settle();
            c.close();
          } else c.enqueue(chunk.value);
        } catch (err) {
          settle();
          c.error(err);
        }
      },
      cancel(reason) {
        settle();
        return reader.cancel(reason);
      },
    });
    return new Response(body, { status: res.status, statusText: res.statusText, headers: res.headers });
  }) as FetchLike;
}
