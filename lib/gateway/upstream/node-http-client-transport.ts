import { Agent as HttpAgent, request as httpRequest, type IncomingMessage, type ClientRequest } from "node:http";
import { Agent as HttpsAgent, request as httpsRequest } from "node:https";
import { createParser } from "eventsource-parser";
import {
  isInitializeRequest,
  isInitializedNotification,
  isJSONRPCErrorResponse,
  isJSONRPCRequest,
  isJSONRPCResultResponse,
  parseJSONRPCMessage,
  type JSONRPCMessage,
  type Transport,
  type TransportSendOptions,
} from "@modelcontextprotocol/client";

// A 2025-era (session) Streamable HTTP client transport on plain node:http(s): the semantics of the SDK's
// StreamableHTTPClientTransport as the gateway uses it (no OAuth provider, headers from config), without a
// fetch per message. Under fetch every call built a web Request and Response and piped the answer through
// a TextDecoderStream and an EventSourceParserStream: about 0.9 ms of gateway CPU per call over an HTTP
// upstream, more than the rest of the gateway's work on the call (docs/gateway.md, Benchmark).
//
// Kept from the SDK: one POST per message with `Accept: application/json, text/event-stream`; the session
// id taken from the initialize answer and sent on every later request (never on initialize); the
// negotiated MCP-Protocol-Version header; 202 for posts without requests; an answer as JSON or as an SSE
// stream; the SDK's JSON-RPC validation of every message; the standalone GET stream opened after
// `notifications/initialized` (405: the server has none); a stream that ends before its answer, or the GET
// stream, resumed with Last-Event-ID on a GET when the server gave event ids, with the SDK's backoff
// (1 s × 1.5, at most 30 s, two retries; a server's `retry:` wins); `requestSignal` ends that request;
// close() ends every request and stream. Different: connections are kept alive in one agent per transport
// (TLS verified, optional CA and client certificate); redirects are not followed (the SDK follows only
// same-origin ones) and fail the request with the target named; a message over 16 MiB fails its stream.

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

interface StreamOptions {
  /** Resume from this event id (GET with Last-Event-ID). */
  lastEventId?: string;
  /** The id of the request whose answer a resumed stream carries (the server replays it under its own id). */
  replayMessageId?: string | number;
  onresumptiontoken?: (token: string) => void;
  requestSignal?: AbortSignal;
  onRequestStreamEnd?: () => void;
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
  private readonly live = new Set<ClientRequest>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly agent: HttpAgent;
  private readonly request: typeof httpRequest;
  private readonly reconnection: NonNullable<NodeHttpClientTransportOptions["reconnection"]>;

  constructor(private readonly o: NodeHttpClientTransportOptions) {
    const https = o.url.protocol === "https:";
    if (!https && o.url.protocol !== "http:") throw new Error(`unsupported URL scheme ${o.url.protocol} (http: or https:)`);
    this.agent = https
      ? new HttpsAgent({ keepAlive: true, rejectUnauthorized: true, ca: o.tls?.ca, cert: o.tls?.cert, key: o.tls?.key })
      : new HttpAgent({ keepAlive: true });
    this.request = https ? (httpsRequest as typeof httpRequest) : httpRequest;
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
    for (const r of this.live) r.destroy();
    this.live.clear();
    this.agent.destroy();
    this.onclose?.();
  }

  async send(message: JSONRPCMessage, options?: TransportSendOptions): Promise<void> {
    if (options?.resumptionToken) {
      this.openStream({
        lastEventId: options.resumptionToken,
        replayMessageId: isJSONRPCRequest(message) ? message.id : undefined,
        onresumptiontoken: options.onresumptiontoken,
        requestSignal: options.requestSignal,
      }).catch((e: Error) => this.onerror?.(e));
      return;
    }
    try {
      const handshake = isInitializeRequest(message);
      const headers = this.headers({ accept: ACCEPT_BOTH, session: !handshake, extra: options?.headers });
      headers["content-type"] = "application/json";
      const res = await this.exchange({ method: "POST", headers, body: JSON.stringify(message), signal: options?.requestSignal });
      if (handshake && ok(res)) this._sessionId = header(res, "mcp-session-id");
      if (!ok(res)) throw await this.httpError(res, "Error POSTing to endpoint");
      if (res.statusCode === 202) {
        discard(res);
        if (isInitializedNotification(message)) this.openStream({}).catch((e: Error) => this.onerror?.(e));
        return;
      }
      if (!isJSONRPCRequest(message)) {
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
      if (options?.requestSignal?.aborted !== true) this.onerror?.(error as Error);
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

  /** One request; resolves with the response head. `signal` (or close()) destroys it, body included. */
  private exchange(o: { method: string; headers: Record<string, string>; body?: string; signal?: AbortSignal }): Promise<IncomingMessage> {
    if (this.closed) return Promise.reject(new Error("transport closed"));
    if (o.signal?.aborted) return Promise.reject(o.signal.reason ?? new Error("aborted"));
    return new Promise((resolve, reject) => {
      const headers = o.body === undefined ? o.headers : { ...o.headers, "content-length": String(Buffer.byteLength(o.body)) };
      const req = this.request(this.o.url, { method: o.method, headers, agent: this.agent });
      this.live.add(req);
      const onAbort = () => req.destroy(o.signal?.reason instanceof Error ? o.signal.reason : new Error("aborted"));
      o.signal?.addEventListener("abort", onAbort, { once: true });
      req.once("close", () => {
        this.live.delete(req);
        o.signal?.removeEventListener("abort", onAbort);
      });
      req.on("error", reject);
      req.once("response", (res) => {
        const location = res.statusCode && res.statusCode >= 300 && res.statusCode < 400 ? header(res, "location") : undefined;
        if (location) {
          discard(res);
          reject(new UpstreamHttpError(`upstream answered ${res.statusCode} redirecting to ${location}; redirects are not followed: configure the final URL`, res.statusCode!));
          return;
        }
        resolve(res);
      });
      req.end(o.body);
    });
  }

  private async httpError(res: IncomingMessage, what: string): Promise<UpstreamHttpError> {
    const text = await readText(res, 64 * 1024).catch(() => "");
    return new UpstreamHttpError(`${what} (HTTP ${res.statusCode}): ${text || res.statusMessage || ""}`, res.statusCode ?? 0);
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
    if (!ok(res)) throw await this.httpError(res, "Failed to open SSE stream");
    this.readStream(res, s, true);
  }

  private readStream(res: IncomingMessage, s: StreamOptions, reconnectable: boolean): void {
    let lastEventId: string | undefined;
    let primed = false;
    let answered = false;
    let failed: Error | undefined;
    const parser = createParser({
      maxBufferSize: MAX_MESSAGE_BYTES,
      onRetry: (ms) => (this.serverRetryMs = ms),
      onError: (e) => {
        failed = e;
        res.destroy(e);
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
        if (isJSONRPCResultResponse(message) || isJSONRPCErrorResponse(message)) {
          answered = true;
          if (s.replayMessageId !== undefined) message.id = s.replayMessageId;
        }
        this.onmessage?.(message);
      },
    });
    res.setEncoding("utf8");
    res.on("data", (chunk: string) => parser.feed(chunk));
    let ended = false;
    const end = (error?: Error) => {
      if (ended) return;
      ended = true;
      const intentional = this.closed || s.requestSignal?.aborted === true;
      if (intentional) return;
      if (error) this.onerror?.(new Error(`SSE stream disconnected: ${error.message}`));
      if ((reconnectable || primed) && !answered) this.reconnect({ ...s, lastEventId }, 0);
      else s.onRequestStreamEnd?.();
    };
    res.once("end", () => end(failed));
    res.once("error", (e) => end(failed ?? e));
    res.once("close", () => end(res.complete ? failed : (failed ?? new Error("connection closed"))));
  }

  private reconnect(s: StreamOptions, attempt: number): void {
    const r = this.reconnection;
    if (attempt >= r.maxRetries) {
      this.onerror?.(new Error(`Maximum reconnection attempts (${r.maxRetries}) exceeded.`));
      s.onRequestStreamEnd?.();
      return;
    }
    const delay = this.serverRetryMs ?? Math.min(r.initialDelayMs * r.growFactor ** attempt, r.maxDelayMs);
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      if (this.closed || s.requestSignal?.aborted) return;
      this.openStream(s).catch((e: Error) => {
        if (this.closed || s.requestSignal?.aborted) return;
        this.onerror?.(new Error(`Failed to reconnect SSE stream: ${e.message}`));
        this.reconnect(s, attempt + 1);
      });
    }, delay);
    timer.unref();
    this.timers.add(timer);
  }
}

/** Reads a body nobody needs to its end (so the connection can be reused); a reset on the way is no one's concern. */
function discard(res: IncomingMessage): void {
  res.on("error", () => undefined);
  res.resume();
}

function ok(res: IncomingMessage): boolean {
  return res.statusCode !== undefined && res.statusCode >= 200 && res.statusCode < 300;
}

function header(res: IncomingMessage, name: string): string | undefined {
  const v = res.headers[name];
  return (Array.isArray(v) ? v[0] : v) || undefined;
}

function mediaType(res: IncomingMessage): string | undefined {
  return header(res, "content-type")?.split(";")[0].trim().toLowerCase();
}

/** The whole body as UTF-8, refused past `max` bytes. */
function readText(res: IncomingMessage, max: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    res.on("data", (c: Buffer) => {
      size += c.length;
      if (size > max) {
        res.destroy();
        reject(new Error(`upstream message over ${max} bytes`));
        return;
      }
      chunks.push(c);
    });
    res.once("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    res.on("error", reject);
    res.once("close", () => {
      if (!res.complete) reject(new Error("connection closed"));
    });
  });
}
