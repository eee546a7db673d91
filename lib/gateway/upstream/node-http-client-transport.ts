import type { Readable } from "node:stream";
import { StringDecoder } from "node:string_decoder";
import { Agent } from "undici";
import { createParser } from "eventsource-parser";
import {
  parseJSONRPCMessage,
  type JSONRPCMessage,
  type Transport,
  type TransportSendOptions,
} from "@modelcontextprotocol/client";
import { readStreamBytes, StreamTooLargeError } from "../../http/read-stream-bytes";
import { classifyMessage } from "../classify-message";

// A 2025-era (session) Streamable HTTP client transport on undici's request API: the semantics of the SDK's
// StreamableHTTPClientTransport as the gateway uses it (no OAuth provider, headers from config), without a
// fetch per message. Under fetch every call built a web Request and Response and piped the answer through
// a TextDecoderStream and an EventSourceParserStream: about 0.9 ms of gateway CPU per call over an HTTP
// upstream, more than the rest of the gateway's work on the call (docs/gateway.md, Benchmark). undici's
// `request()` (Node streams, no web objects) costs a third of node:http's ClientRequest per request here.
//
// Kept from the SDK: one POST per message with `Accept: application/json, text/event-stream`; the session
// id taken from the initialize answer and sent on every later request (never on initialize); the
// negotiated MCP-Protocol-Version header; 202 for posts without requests; an answer as JSON or as an SSE
// stream; the SDK's JSON-RPC validation of every message; the standalone GET stream opened after
// `notifications/initialized` (405: the server has none); a stream that ends before its answer, or the GET
// stream, resumed with Last-Event-ID on a GET when the server gave event ids, with the SDK's backoff
// (1 s × 1.5, at most 30 s; a server's `retry:` wins); `requestSignal` ends that request; close() ends every
// request and stream. Different: connections are kept alive in one undici Agent per transport (TLS verified,
// optional CA and client certificate); redirects are not followed (the SDK follows only same-origin ones)
// and fail the request with the target named; a message over 16 MiB fails its stream. And the standalone GET
// stream is reopened for as long as the session lives, not given up after two failed retries as in the SDK:
// it carries the server's notifications (list_changed, which re-lists and re-pins the tools), and losing it
// silently until the gateway next reconnected left the inventory stale. Only a refusal ends it (a 4xx other
// than 408 and 429: the server does not want it; a lost session closes the transport instead).

const ACCEPT_BOTH = "application/json, text/event-stream";
const MAX_MESSAGE_BYTES = 16 * 1024 * 1024;
/** Header names the transport owns; per-request `options.headers` cannot override them (as in the SDK). */
const RESERVED = new Set(["authorization", "content-type", "accept", "mcp-protocol-version", "mcp-method", "mcp-name", "mcp-session-id", "last-event-id"]);

export interface NodeHttpClientTransportOptions {
  url: URL;
  /** Sent on every request (Authorization from config, custom headers). */
  headers?: Record<string, string>;
  /** HTTPS only: extra trusted CAs (replacing the defaults, so pass the system roots too), a client certificate. */
  tls?: { ca?: (string | Buffer)[]; cert?: Buffer; key?: Buffer };
  reconnection?: { initialDelayMs: number; maxDelayMs: number; growFactor: number; maxRetries: number };
}

/** A response head and its body (a Node stream). */
interface Reply {
  statusCode: number;
  headers: Record<string, string | string[] | undefined>;
  body: Readable;
}

interface StreamOptions {
  /** Resume from this event id (GET with Last-Event-ID). */
  lastEventId?: string;
  /** The id of the request whose answer a resumed stream carries (the server replays it under its own id). */
  replayMessageId?: string | number;
  onresumptiontoken?: (token: string) => void;
  requestSignal?: AbortSignal;
  onRequestStreamEnd?: () => void;
  /** The session's standalone GET stream: reopened until the transport closes or the server refuses it. */
  standalone?: boolean;
}

export class UpstreamHttpError extends Error {
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
    this.name = "UpstreamHttpError";
  }
}

export class NodeHttpClientTransport implements Transport {
  onclose?: () => void;
  onerror?: (error: Error) => void;
  onmessage?: Transport["onmessage"];
  private _sessionId?: string;
  private _protocolVersion?: string;
  private started = false;
  private closed = false;
  private serverRetryMs?: number;
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly agent: Agent;
  private readonly origin: string;
  private readonly path: string;
  private readonly reconnection: NonNullable<NodeHttpClientTransportOptions["reconnection"]>;

  constructor(private readonly o: NodeHttpClientTransportOptions) {
    if (o.url.protocol !== "https:" && o.url.protocol !== "http:") throw new Error(`unsupported URL scheme ${o.url.protocol} (http: or https:)`);
    // Keep-alive connections; an answer may stream for as long as a call runs (an approval wait upstream),
    // and the standalone GET stream for the whole session: no body or headers timeout of undici's own.
    this.agent = new Agent({
      connect: { rejectUnauthorized: true, ca: o.tls?.ca, cert: o.tls?.cert, key: o.tls?.key },
      headersTimeout: 0,
      bodyTimeout: 0,
    });
    this.origin = o.url.origin;
    this.path = `${o.url.pathname}${o.url.search}`;
    this.reconnection = o.reconnection ?? { initialDelayMs: 1000, maxDelayMs: 30_000, growFactor: 1.5, maxRetries: 2 };
  }

  get sessionId(): string | undefined {
    return this._sessionId;
  }

  get protocolVersion(): string | undefined {
    return this._protocolVersion;
  }

  setProtocolVersion(version: string): void {
    this._protocolVersion = version;
  }

  async start(): Promise<void> {
    if (this.started) throw new Error("NodeHttpClientTransport already started");
    this.started = true;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    await this.agent.destroy(new Error("transport closed")).catch(() => undefined); // ends every request and stream
    this.onclose?.();
  }

  async send(message: JSONRPCMessage, options?: TransportSendOptions): Promise<void> {
    if (options?.resumptionToken) {
      this.openStream({
        lastEventId: options.resumptionToken,
        replayMessageId: "id" in message && classifyMessage(message) === "request" ? message.id : undefined,
        onresumptiontoken: options.onresumptiontoken,
        requestSignal: options.requestSignal,
      }).catch((e: Error) => this.onerror?.(e));
      return;
    }
    try {
      const kind = classifyMessage(message);
      const handshake = kind === "request" && "method" in message && message.method === "initialize";
      const headers = this.headers({ accept: ACCEPT_BOTH, session: !handshake, extra: options?.headers });
      headers["content-type"] = "application/json";
      const res = await this.exchange({ method: "POST", headers, body: JSON.stringify(message), signal: options?.requestSignal });
      if (handshake && ok(res)) this._sessionId = header(res, "mcp-session-id");
      if (!ok(res)) throw await this.refused(res, "Error POSTing to endpoint", headers);
      if (res.statusCode === 202) {
        discard(res);
        if (kind === "notification" && "method" in message && message.method === "notifications/initialized") this.reopen({ standalone: true }, 0, 0);
        return;
      }
      if (kind !== "request") {
        discard(res);
        return;
      }
      const type = mediaType(res);
      if (type === "text/event-stream") {
        this.readStream(res, { requestSignal: options?.requestSignal, onresumptiontoken: options?.onresumptiontoken, onRequestStreamEnd: options?.onRequestStreamEnd }, false);
      } else if (type === "application/json") {
        const text = await readText(res, MAX_MESSAGE_BYTES);
        const data = JSON.parse(text) as unknown;
        const messages = Array.isArray(data) ? data.map((m) => parseJSONRPCMessage(m)) : [parseJSONRPCMessage(data)];
        for (const m of messages) this.onmessage?.(m);
      } else {
        discard(res);
        throw new Error(`Unexpected content type: ${res.headers["content-type"] ?? "(none)"}`);
      }
    } catch (error) {
      if (options?.requestSignal?.aborted !== true && !this.closed) this.onerror?.(error as Error);
      throw error;
    }
  }

  /** DELETE the session (a server may answer 405: it does not let clients end sessions). */
  async terminateSession(): Promise<void> {
    if (!this._sessionId) return;
    const res = await this.exchange({ method: "DELETE", headers: this.headers({ session: true }) });
    discard(res);
    if (!ok(res) && res.statusCode !== 405) throw new UpstreamHttpError(`Failed to terminate session: HTTP ${res.statusCode}`, res.statusCode ?? 0);
    this._sessionId = undefined;
  }

  private headers(o: { accept?: string; session: boolean; extra?: Readonly<Record<string, string>> }): Record<string, string> {
    const h: Record<string, string> = {};
    for (const [k, v] of Object.entries(this.o.headers ?? {})) h[k.toLowerCase()] = v;
    for (const [k, v] of Object.entries(o.extra ?? {})) if (!RESERVED.has(k.toLowerCase())) h[k.toLowerCase()] = v;
    if (o.accept) h.accept = o.accept;
    if (o.session && this._sessionId) h["mcp-session-id"] = this._sessionId;
    if (this._protocolVersion) h["mcp-protocol-version"] = this._protocolVersion;
    return h;
  }

  /**
   * One request; resolves with the response head. The call's `signal` ends it, body included (undici
   * removes its listener when the request completes); close() ends them all by destroying the agent.
   */
  private async exchange(o: { method: string; headers: Record<string, string>; body?: string; signal?: AbortSignal }): Promise<Reply> {
    if (this.closed) throw new Error("transport closed");
    const res = (await this.agent.request({ origin: this.origin, path: this.path, method: o.method as "GET", headers: o.headers, body: o.body, signal: o.signal })) as Reply;
    const location = res.statusCode >= 300 && res.statusCode < 400 ? header(res, "location") : undefined;
    if (location) {
      discard(res);
      throw new UpstreamHttpError(`upstream answered ${res.statusCode} redirecting to ${location}; redirects are not followed: configure the final URL`, res.statusCode);
    }
    return res;
  }

  /**
   * The error for a refused request. A 404 to a request that carried the session id means the server no
   * longer knows the session (it restarted, or expired it): the spec has the client start a new one, so the
   * transport closes — the Client fails what is pending and the gateway's upstream reconnects with a fresh
   * initialize (start-upstream.ts). Servers built on the SDK's examples (server-everything among them) answer
   * an unknown session with 400 "No valid session ID provided" instead: a 400 that names the session counts
   * too. Without this a restarted HTTP upstream stayed unusable until the gateway itself restarted.
   */
  private async refused(res: Reply, what: string, sent: Record<string, string>): Promise<UpstreamHttpError> {
    const text = await readText(res, 64 * 1024).catch(() => "");
    const error = new UpstreamHttpError(`${what} (HTTP ${res.statusCode}): ${text}`, res.statusCode);
    const sessionGone = res.statusCode === 404 || (res.statusCode === 400 && /\bsession\b/i.test(text));
    if (sessionGone && sent["mcp-session-id"] && sent["mcp-session-id"] === this._sessionId) {
      this._sessionId = undefined;
      queueMicrotask(() => void this.close());
    }
    return error;
  }

  /** The standalone GET stream, or a resumed one (Last-Event-ID). 405: the server offers none. */
  private async openStream(s: StreamOptions): Promise<void> {
    const headers = this.headers({ accept: "text/event-stream", session: true });
    if (s.lastEventId) headers["last-event-id"] = s.lastEventId;
    const res = await this.exchange({ method: "GET", headers, signal: s.requestSignal });
    if (res.statusCode === 405) {
      discard(res);
      s.onRequestStreamEnd?.();
      return;
    }
    if (!ok(res)) throw await this.refused(res, "Failed to open SSE stream", headers);
    this.readStream(res, s, true);
  }

  private readStream(res: Reply, s: StreamOptions, reconnectable: boolean): void {
    let lastEventId: string | undefined;
    let primed = false;
    let answered = false;
    let failed: Error | undefined;
    const parser = createParser({
      maxBufferSize: MAX_MESSAGE_BYTES,
      onRetry: (ms) => (this.serverRetryMs = ms),
      onError: (e) => {
        failed = e;
        res.body.destroy(e);
      },
      onEvent: (event) => {
        if (event.id) {
          lastEventId = event.id;
          primed = true;
          s.onresumptiontoken?.(event.id);
        }
        if (!event.data || (event.event && event.event !== "message")) return;
        let message: JSONRPCMessage;
        try {
          message = parseJSONRPCMessage(JSON.parse(event.data));
        } catch (e) {
          this.onerror?.(e as Error);
          return;
        }
        if (classifyMessage(message) === "response") {
          answered = true;
          if (s.replayMessageId !== undefined) (message as { id: string | number }).id = s.replayMessageId;
        }
        this.onmessage?.(message);
      },
    });
    const utf8 = new StringDecoder("utf8"); // undici's body ignores setEncoding: chunks are Buffers
    res.body.on("data", (chunk: Buffer) => parser.feed(utf8.write(chunk)));
    let ended = false;
    let complete = false;
    const end = (error?: Error) => {
      if (ended) return;
      ended = true;
      const intentional = this.closed || s.requestSignal?.aborted === true;
      if (intentional) return;
      if (error) this.onerror?.(new Error(`SSE stream disconnected: ${error.message}`));
      if ((reconnectable || primed) && !answered) this.reconnect({ ...s, lastEventId }, 0);
      else s.onRequestStreamEnd?.();
    };
    res.body.once("end", () => {
      complete = true;
      end(failed);
    });
    res.body.on("error", (e) => end(failed ?? e));
    res.body.once("close", () => end(complete ? failed : (failed ?? new Error("connection closed"))));
  }

  private reconnect(s: StreamOptions, attempt: number): void {
    const r = this.reconnection;
    if (attempt >= r.maxRetries && !s.standalone) {
      this.onerror?.(new Error(`Maximum reconnection attempts (${r.maxRetries}) exceeded.`));
      s.onRequestStreamEnd?.();
      return;
    }
    this.reopen(s, attempt, this.serverRetryMs ?? Math.min(r.initialDelayMs * r.growFactor ** attempt, r.maxDelayMs));
  }

  /** Opens `s` after `delay` ms; a failure is retried (reconnect), except a refusal of the standalone stream. */
  private reopen(s: StreamOptions, attempt: number, delay: number): void {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      if (this.closed || s.requestSignal?.aborted) return;
      this.openStream(s).catch((e: Error) => {
        if (this.closed || s.requestSignal?.aborted) return;
        this.onerror?.(new Error(`Failed to ${s.standalone ? "open" : "reconnect"} SSE stream: ${e.message}`));
        if (s.standalone && e instanceof UpstreamHttpError && isRefusal(e.status)) return;
        this.reconnect(s, attempt + 1);
      });
    }, delay);
    timer.unref();
    this.timers.add(timer);
  }
}

/** Reads a body nobody needs to its end (so the connection can be reused); a reset on the way is no one's concern. */
function discard(res: Reply): void {
  res.body.on("error", () => undefined);
  res.body.resume();
}

/** A 4xx that retrying will not change (408 Request Timeout and 429 Too Many Requests invite a retry). */
function isRefusal(status: number): boolean {
  return status >= 400 && status < 500 && status !== 408 && status !== 429;
}

function ok(res: Reply): boolean {
  return res.statusCode >= 200 && res.statusCode < 300;
}

function header(res: Reply, name: string): string | undefined {
  const v = res.headers[name];
  return (Array.isArray(v) ? v[0] : v) || undefined;
}

function mediaType(res: Reply): string | undefined {
  return header(res, "content-type")?.split(";")[0].trim().toLowerCase();
}

/** The whole body as UTF-8, refused past `max` bytes. */
async function readText(res: Reply, max: number): Promise<string> {
  try {
    return (await readStreamBytes({ stream: res.body, maxBytes: max })).toString("utf8");
  } catch (e) {
    if (!(e instanceof StreamTooLargeError)) throw e;
    res.body.destroy(); // nothing more is wanted from this answer
    throw new Error(`upstream message over ${max} bytes`);
  }
}
