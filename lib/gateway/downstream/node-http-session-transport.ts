import type { IncomingMessage, ServerResponse } from "node:http";
import {
  SUPPORTED_PROTOCOL_VERSIONS,
  isInitializeRequest,
  isJsonContentType,
  parseJSONRPCMessage,
  type AuthInfo,
  type JSONRPCMessage,
  type Transport,
  type TransportSendOptions,
} from "@modelcontextprotocol/server";
import { classifyMessage } from "../classify-message";

// A 2025-era (session) Streamable HTTP server transport on plain node:http: the semantics of the SDK's
// WebStandardStreamableHTTPServerTransport (as NodeStreamableHTTPServerTransport serves it) without turning
// every request into a web Request and every answer into a web ReadableStream piped back through hono's
// adapter — which cost the gateway more CPU per call than its whole call chain (docs/gateway.md, Benchmark).
//
// Kept from the SDK: header checks (Accept, Content-Type, Mcp-Session-Id, MCP-Protocol-Version) with the
// same statuses and JSON-RPC errors; JSON-RPC validation of every message (the SDK's own schema); one
// initialize per session; 202 for posts without requests; one standalone GET stream per session (409 for a
// second); DELETE ends the session; SSE keep-alive comments every 15 s on open streams; a response whose
// stream the client closed is reported as undeliverable. Different: a POST's answer is plain JSON
// (`application/json`, which every client must accept) when the response is the first message for it; the
// answer switches to an SSE stream as soon as something else has to go first (progress, a server→client
// request, a log message) or the keep-alive is due — so a long approval wait keeps its progress and
// keep-alives. No event store (the gateway has none): no resumption, as before.

const SSE_HEADERS = {
  "content-type": "text/event-stream",
  "cache-control": "no-cache, no-transform",
  connection: "keep-alive",
  "x-accel-buffering": "no",
};
const KEEP_ALIVE_MS = 15_000;
const MAX_BATCH_SIZE = 100;
type Id = string | number;

interface PostStream {
  res: ServerResponse;
  ids: Id[];
  responses: Map<Id, JSONRPCMessage>;
  /** Headers sent as an SSE stream (else nothing is written yet: the answer may still be plain JSON). */
  sse: boolean;
  /** The client hung up or the answer ended. */
  done: boolean;
  keepAlive?: NodeJS.Timeout;
}

export interface NodeHttpSessionTransportOptions {
  sessionIdGenerator: () => string;
  onsessioninitialized?: (sessionId: string) => void;
  supportedProtocolVersions?: string[];
  keepAliveMs?: number;
}

export class NodeHttpSessionTransport implements Transport {
  sessionId?: string;
  onclose?: () => void;
  onerror?: (error: Error) => void;
  onmessage?: Transport["onmessage"];
  private started = false;
  private initialized = false;
  private closed = false;
  private readonly byRequest = new Map<Id, PostStream>();
  private standalone?: { res: ServerResponse; keepAlive?: NodeJS.Timeout };
  private versions: string[];
  private readonly keepAliveMs: number;

  constructor(private readonly o: NodeHttpSessionTransportOptions) {
    this.versions = o.supportedProtocolVersions ?? SUPPORTED_PROTOCOL_VERSIONS;
    this.keepAliveMs = o.keepAliveMs ?? KEEP_ALIVE_MS;
  }

  async start(): Promise<void> {
    if (this.started) throw new Error("Transport already started");
    this.started = true;
  }

  setSupportedProtocolVersions(versions: string[]): void {
    this.versions = versions;
  }

  /** One HTTP request of this session; `body` is the parsed POST body. */
  handleRequest(req: IncomingMessage, res: ServerResponse, body: unknown, authInfo?: AuthInfo): void {
    if (this.closed) return this.error(res, 404, -32001, "Session not found");
    switch (req.method) {
      case "POST":
        return this.post(req, res, body, authInfo);
      case "GET":
        return this.get(req, res);
      case "DELETE":
        return this.delete(req, res);
      default:
        this.onerror?.(new Error("Method not allowed."));
        return this.error(res, 405, -32000, "Method not allowed.", { allow: "GET, POST, DELETE" });
    }
  }

  private error(res: ServerResponse, status: number, code: number, message: string, headers: Record<string, string> = {}): void {
    const text = JSON.stringify({ jsonrpc: "2.0", error: { code, message }, id: null });
    res.writeHead(status, { "content-type": "application/json", "content-length": String(Buffer.byteLength(text)), ...headers });
    res.end(text);
  }

  private refuse(res: ServerResponse, status: number, code: number, message: string): void {
    this.onerror?.(new Error(message));
    this.error(res, status, code, message);
  }

  /** The session and protocol-version headers of a request after initialize; false once refused. */
  private checkSession(req: IncomingMessage, res: ServerResponse): boolean {
    if (!this.initialized) return (this.refuse(res, 400, -32000, "Bad Request: Server not initialized"), false);
    const sessionId = req.headers["mcp-session-id"];
    if (!sessionId) return (this.refuse(res, 400, -32000, "Bad Request: Mcp-Session-Id header is required"), false);
    if (sessionId !== this.sessionId) return (this.refuse(res, 404, -32001, "Session not found"), false);
    return this.checkVersion(req, res);
  }

  private checkVersion(req: IncomingMessage, res: ServerResponse): boolean {
    const v = req.headers["mcp-protocol-version"];
    if (typeof v === "string" && !this.versions.includes(v)) {
      this.refuse(res, 400, -32000, `Bad Request: Unsupported protocol version: ${v} (supported versions: ${this.versions.join(", ")})`);
      return false;
    }
    return true;
  }

  private post(req: IncomingMessage, res: ServerResponse, body: unknown, authInfo?: AuthInfo): void {
    const accept = req.headers.accept;
    if (!accept?.includes("application/json") || !accept.includes("text/event-stream"))
      return this.refuse(res, 406, -32000, "Not Acceptable: Client must accept both application/json and text/event-stream");
    if (!isJsonContentType(req.headers["content-type"] ?? null))
      return this.refuse(res, 415, -32000, "Unsupported Media Type: Content-Type must be application/json");
    if (Array.isArray(body) && body.length > MAX_BATCH_SIZE)
      return this.refuse(res, 400, -32600, `Invalid Request: Batch must not exceed ${MAX_BATCH_SIZE} messages`);
    let messages: JSONRPCMessage[];
    try {
      messages = Array.isArray(body) ? body.map((m) => parseJSONRPCMessage(m)) : [parseJSONRPCMessage(body)];
    } catch (e) {
      this.onerror?.(e as Error);
      return this.error(res, 400, -32700, "Parse error: Invalid JSON-RPC message");
    }
    // The full InitializeRequest check only where the method says initialize (every message here passed parseJSONRPCMessage).
    const initializing = messages.some((m) => "method" in m && m.method === "initialize" && isInitializeRequest(m));
    if (initializing) {
      if (this.initialized && this.sessionId !== undefined) return this.refuse(res, 400, -32600, "Invalid Request: Server already initialized");
      if (messages.length > 1) return this.refuse(res, 400, -32600, "Invalid Request: Only one initialization request is allowed");
      this.sessionId = this.o.sessionIdGenerator();
      this.initialized = true;
      this.o.onsessioninitialized?.(this.sessionId);
    } else if (!this.checkSession(req, res)) return;

    const extra = authInfo ? { authInfo } : undefined;
    const requests = messages.filter((m) => classifyMessage(m) === "request");
    if (!requests.length) {
      res.writeHead(202);
      res.end();
      for (const m of messages) this.onmessage?.(m, extra);
      return;
    }
    const stream: PostStream = { res, ids: requests.map((r) => (r as { id: Id }).id), responses: new Map(), sse: false, done: false };
    for (const id of stream.ids) this.byRequest.set(id, stream);
    // A batch answers as a stream from the start (its responses go out as they come).
    if (stream.ids.length > 1) this.openSse(stream);
    res.once("close", () => {
      if (stream.done) return;
      stream.done = true; // the client hung up: its responses are undeliverable (no event store)
      if (stream.keepAlive) clearInterval(stream.keepAlive);
    });
    for (const m of messages) this.onmessage?.(m, extra);
    if (!stream.done && this.keepAliveMs > 0) {
      stream.keepAlive = setInterval(() => {
        if (stream.done) return;
        this.openSse(stream);
        stream.res.write(": keepalive\n\n");
      }, this.keepAliveMs);
      stream.keepAlive.unref();
    }
  }

  private openSse(stream: PostStream) {
    if (stream.sse) return;
    stream.sse = true;
    stream.res.writeHead(200, this.sessionId === undefined ? SSE_HEADERS : { ...SSE_HEADERS, "mcp-session-id": this.sessionId });
    stream.res.flushHeaders();
  }

  private get(req: IncomingMessage, res: ServerResponse): void {
    if (!req.headers.accept?.includes("text/event-stream")) return this.refuse(res, 406, -32000, "Not Acceptable: Client must accept text/event-stream");
    if (!this.checkSession(req, res)) return;
    if (this.standalone) return this.refuse(res, 409, -32000, "Conflict: Only one SSE stream is allowed per session");
    res.writeHead(200, this.sessionId === undefined ? SSE_HEADERS : { ...SSE_HEADERS, "mcp-session-id": this.sessionId });
    res.flushHeaders();
    const s: { res: ServerResponse; keepAlive?: NodeJS.Timeout } = { res };
    this.standalone = s;
    if (this.keepAliveMs > 0) {
      s.keepAlive = setInterval(() => res.write(": keepalive\n\n"), this.keepAliveMs);
      s.keepAlive.unref();
    }
    res.once("close", () => {
      if (s.keepAlive) clearInterval(s.keepAlive);
      if (this.standalone === s) this.standalone = undefined;
    });
  }

  private delete(req: IncomingMessage, res: ServerResponse): void {
    if (!this.checkSession(req, res)) return;
    res.writeHead(200);
    res.end();
    void this.close();
  }

  async send(message: JSONRPCMessage, options?: TransportSendOptions): Promise<void> {
    const isResponse = classifyMessage(message) === "response";
    const requestId = isResponse ? (message as { id: Id }).id : options?.relatedRequestId;
    if (requestId === undefined) {
      if (isResponse) throw new Error("Cannot send a response on a standalone SSE stream unless resuming a previous client request");
      if (this.standalone) this.standalone.res.write(sseEvent(message));
      return;
    }
    const stream = this.byRequest.get(requestId);
    if (!stream) throw new Error(`No connection established for request ID: ${String(requestId)}`);
    if (!isResponse) {
      if (stream.done) return;
      this.openSse(stream);
      stream.res.write(sseEvent(message));
      return;
    }
    stream.responses.set(requestId, message);
    if (stream.responses.size < stream.ids.length) {
      if (!stream.done && stream.sse) stream.res.write(sseEvent(message));
      return;
    }
    for (const id of stream.ids) this.byRequest.delete(id);
    if (stream.keepAlive) clearInterval(stream.keepAlive);
    if (stream.done) {
      this.onerror?.(new Error(`Response for request ID ${String(requestId)} is undeliverable: per-request stream is disconnected and no eventStore is configured`));
      return;
    }
    stream.done = true;
    if (stream.sse) {
      stream.res.end(sseEvent(message));
      return;
    }
    const text = JSON.stringify(stream.ids.length === 1 ? message : stream.ids.map((id) => stream.responses.get(id)));
    // With its length known the answer goes out in one write (no chunked framing and terminator).
    const length = String(Buffer.byteLength(text));
    stream.res.writeHead(
      200,
      this.sessionId === undefined
        ? { "content-type": "application/json", "content-length": length }
        : { "content-type": "application/json", "content-length": length, "mcp-session-id": this.sessionId },
    );
    stream.res.end(text);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const stream of new Set(this.byRequest.values())) {
      if (stream.keepAlive) clearInterval(stream.keepAlive);
      if (stream.done) continue;
      stream.done = true;
      // Like the SDK: an open answer ends (a stream with nothing sent ends as an empty SSE stream).
      this.openSse(stream);
      stream.res.end();
    }
    this.byRequest.clear();
    const s = this.standalone;
    this.standalone = undefined;
    if (s) {
      if (s.keepAlive) clearInterval(s.keepAlive);
      s.res.end();
    }
    this.onclose?.();
  }
}

function sseEvent(message: JSONRPCMessage): string {
  return `event: message\ndata: ${JSON.stringify(message)}\n\n`;
}
