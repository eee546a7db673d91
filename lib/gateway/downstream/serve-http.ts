import { createServer, type IncomingMessage, type Server as HttpServer, type ServerResponse } from "node:http";
import { randomBytes, randomUUID } from "node:crypto";
import type { AddressInfo } from "node:net";
import { hostHeaderValidation, toNodeHandler, type NodeMcpRequestHandler } from "@modelcontextprotocol/node";
import {
  createMcpHandler,
  createRequestStateCodec,
  isLegacyRequest,
  localhostAllowedHostnames,
  type AuthInfo,
  type McpHttpHandler,
  type ServerContext,
} from "@modelcontextprotocol/server";
import { discardBody } from "../../http/discard-body";
import { readStreamBytes, StreamTooLargeError } from "../../http/read-stream-bytes";
import type { HoldState } from "../call";
import { CallerAuthError, type VerifyCaller } from "../auth/create-caller-verifier";
import type { GatewayMetrics } from "../metrics";
import { createProxyServer } from "./create-proxy-server";
import { NodeHttpSessionTransport } from "./node-http-session-transport";
import type { CallerIdentity, ProxyRuntime, ProxySession } from "./proxy-runtime";

const SESSION_IDLE_MS = 60 * 60 * 1000;
const MAX_BODY_BYTES = 4 * 1024 * 1024;

/**
 * The body as JSON. An oversized body is refused with 413 after the rest of it is drained (bounded), with
 * `Connection: close`: destroying the request instead closed the socket under the client, which never saw the 413.
 */
async function readJson(req: IncomingMessage): Promise<{ value: unknown } | { status: number; message: string; headers?: Record<string, string> }> {
  let body: Buffer;
  try {
    body = await readStreamBytes({ stream: req, maxBytes: MAX_BODY_BYTES });
  } catch (e) {
    if (!(e instanceof StreamTooLargeError)) throw e;
    await discardBody(req);
    return { status: 413, message: `request body over ${MAX_BODY_BYTES} bytes`, headers: { connection: "close" } };
  }
  try {
    return { value: JSON.parse(body.toString("utf8")) };
  } catch {
    return { status: 400, message: "Parse error: the body is not JSON" };
  }
}

/**
 * A client that hangs up before its POST's response ends has given up on those requests: deliver a
 * `notifications/cancelled` for each, as if it had sent one, so the call is aborted (and a pending approval
 * cancelled in Warden) instead of running on for nobody.
 */
function cancelOnDisconnect(transport: NodeHttpSessionTransport, res: ServerResponse, body: unknown) {
  const messages = Array.isArray(body) ? body : [body];
  const ids = messages
    .filter((m): m is { id: string | number; method: string } => !!m && typeof m === "object" && "id" in m && "method" in m)
    .map((m) => m.id);
  if (!ids.length) return;
  res.once("close", () => {
    if (res.writableFinished) return;
    for (const requestId of ids)
      transport.onmessage?.({ jsonrpc: "2.0", method: "notifications/cancelled", params: { requestId, reason: "the client disconnected" } });
  });
}
const PROTECTED_RESOURCE_PATH = "/.well-known/oauth-protected-resource";

interface HttpSession {
  transport: NodeHttpSessionTransport;
  proxy: ProxySession;
  /** A session belongs to the identity that opened it; another caller's token cannot drive it. */
  owner: string;
  scope: string | null;
}

export interface HttpDownstream {
  server: HttpServer;
  url: string;
  /** Stop accepting new connections and sessions. */
  stopAccepting(): void;
  close(): Promise<void>;
}

/**
 * The Streamable HTTP listener: `/mcp` (every upstream, namespaced names), `/mcp/<server>` (one upstream, its
 * own names), the OAuth protected-resource metadata (MCP authorization spec), `/healthz` and `/metrics`.
 * Every MCP request carries a bearer token (JWT or static token); a missing or invalid one gets 401 with
 * `WWW-Authenticate: Bearer resource_metadata="…"`.
 */
export async function serveHttp(o: {
  runtime: ProxyRuntime;
  verifyCaller: VerifyCaller;
  host: string;
  port: number;
  publicUrl?: string;
  metrics: GatewayMetrics;
  health: () => Record<string, unknown>;
  /** Seals 2026-07-28 clients' resumable approval holds (≥ 32 bytes; default: random per process). */
  holdKey?: string;
}): Promise<HttpDownstream> {
  const { runtime } = o;
  const sessions = new Map<string, HttpSession>();
  // 2026-07-28 (stateless, per-request) clients are served by the SDK's modern entry, one server instance per
  // request; 2025-era clients keep their sessions (below). The SDK's own classifier decides which is which.
  const holds = createRequestStateCodec<HoldState>({ key: o.holdKey ?? randomBytes(32), ttlSeconds: 7 * 24 * 3600 });
  const modern = new Map<string | null, { handler: McpHttpHandler; node: NodeMcpRequestHandler }>();
  const modernFor = (scope: string | null) => {
    let m = modern.get(scope);
    if (!m) {
      const handler = createMcpHandler(
        () =>
          createProxyServer({
            runtime,
            scope,
            identityOf: (ctx: ServerContext) => ctx.http?.authInfo?.extra?.identity as CallerIdentity,
            holds,
          }).server,
        { legacy: "reject", maxRequestBodySize: MAX_BODY_BYTES, onerror: (e) => runtime.log.debug({ err: e.message }, "modern MCP request refused") },
      );
      m = { handler, node: toNodeHandler(handler, { maxRequestBodySize: MAX_BODY_BYTES }) };
      modern.set(scope, m);
    }
    return m.node;
  };
  /** A request with no session: 2025-era (initialize, or a session-less POST) or 2026-07-28 (per-request `_meta` envelope)? */
  const isModern = async (req: IncomingMessage, body: unknown) => {
    if (req.method !== "POST" || body === undefined) return false;
    const headers = new Headers();
    for (const [k, v] of Object.entries(req.headers)) if (typeof v === "string") headers.set(k, v);
    return !(await isLegacyRequest(new Request("http://gateway.invalid/mcp", { method: "POST", headers }), body, { maxRequestBodySize: MAX_BODY_BYTES }));
  };
  const loopback = ["127.0.0.1", "localhost", "::1"].includes(o.host);
  // DNS-rebinding protection on a loopback listener: only local host names (and the public URL's, behind a
  // reverse proxy on the same machine) may be named in the Host header.
  const checkHost = loopback
    ? hostHeaderValidation([...localhostAllowedHostnames(), ...(o.publicUrl ? [new URL(o.publicUrl).hostname] : [])])
    : undefined;
  let baseUrl = "";

  const json = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
    const text = JSON.stringify(body);
    res.writeHead(status, { "content-type": "application/json", "content-length": String(Buffer.byteLength(text)), ...headers });
    res.end(text);
  };

  const resourceMetadata = (scope: string | null) => ({
    resource: `${baseUrl}/mcp${scope ? `/${scope}` : ""}`,
    authorization_servers: runtime.config.auth.jwt ? [runtime.config.auth.jwt.issuer] : [],
    bearer_methods_supported: ["header"],
    resource_name: "Warden Gateway",
  });

  const unauthorized = (res: ServerResponse, e: CallerAuthError, scope: string | null) => {
    const metadataUrl = `${baseUrl}${PROTECTED_RESOURCE_PATH}${scope ? `/mcp/${scope}` : "/mcp"}`;
    const challenge =
      e.code === "invalid_request"
        ? `Bearer resource_metadata="${metadataUrl}"`
        : `Bearer error="invalid_token", error_description="${e.message.replace(/"/g, "'")}", resource_metadata="${metadataUrl}"`;
    json(res, 401, { error: { code: "unauthorized", message: e.message } }, { "www-authenticate": challenge });
  };

  async function handle(req: IncomingMessage, res: ServerResponse) {
    const url = new URL(req.url ?? "/", "http://gateway.invalid");
    const path = url.pathname.replace(/\/+$/, "") || "/";
    if (req.method === "GET" && path === "/healthz") return json(res, 200, o.health());
    if (req.method === "GET" && path === "/metrics") {
      res.writeHead(200, { "content-type": o.metrics.registry.contentType });
      return res.end(await o.metrics.registry.metrics());
    }
    if (req.method === "GET" && (path === PROTECTED_RESOURCE_PATH || path.startsWith(`${PROTECTED_RESOURCE_PATH}/mcp`))) {
      const rest = path.slice(PROTECTED_RESOURCE_PATH.length + "/mcp".length).replace(/^\//, "");
      return json(res, 200, resourceMetadata(rest ? rest : null));
    }
    const m = /^\/mcp(?:\/([^/]+))?$/.exec(path);
    if (!m) return json(res, 404, { error: { code: "not_found", message: "not found: the MCP endpoints are /mcp and /mcp/<server>" } });
    const scope = m[1] ? decodeURIComponent(m[1]) : null;
    if (scope && !runtime.upstreams.has(scope)) return json(res, 404, { error: { code: "not_found", message: `no server named ${scope}` } });
    if (checkHost && !checkHost(req, res)) return;

    let identity: CallerIdentity;
    try {
      identity = await o.verifyCaller(req.headers.authorization);
    } catch (e) {
      if (e instanceof CallerAuthError) return unauthorized(res, e, scope);
      throw e;
    }
    const authInfo: AuthInfo = { token: "", clientId: identity.userId, scopes: [], extra: { identity } };
    (req as IncomingMessage & { auth?: AuthInfo }).auth = authInfo;
    const owner = `${identity.source}:${identity.userId}`;
    let body: unknown;
    if (req.method === "POST") {
      const read = await readJson(req);
      if ("status" in read) return json(res, read.status, { jsonrpc: "2.0", error: { code: -32700, message: read.message }, id: null }, read.headers);
      body = read.value;
    }
    const sessionId = req.headers["mcp-session-id"];
    if (typeof sessionId === "string") {
      const s = sessions.get(sessionId);
      if (!s || s.scope !== scope || s.owner !== owner)
        return json(res, 404, { jsonrpc: "2.0", error: { code: -32001, message: "Session not found" }, id: null });
      s.proxy.lastActiveAt = Date.now();
      cancelOnDisconnect(s.transport, res, body);
      return s.transport.handleRequest(req, res, body, authInfo);
    }
    if (req.method !== "POST") return json(res, 400, { jsonrpc: "2.0", error: { code: -32000, message: "Bad Request: no session; initialize with a POST" }, id: null });
    if (!runtime.accepting) return json(res, 503, { error: { code: "unavailable", message: "warden-gateway is shutting down" } });
    if (await isModern(req, body)) return modernFor(scope)(req, res, body);

    const proxy = createProxyServer({
      runtime,
      scope,
      identityOf: (ctx: ServerContext) => (ctx.http?.authInfo?.extra?.identity as CallerIdentity | undefined) ?? identity,
    });
    const transport = new NodeHttpSessionTransport({
      sessionIdGenerator: () => randomUUID(),
      onsessioninitialized: (id) => {
        proxy.sessionId = id;
        sessions.set(id, { transport, proxy, owner, scope });
      },
    });
    transport.onclose = () => {
      if (proxy.sessionId) sessions.delete(proxy.sessionId);
      runtime.sessions.delete(proxy);
    };
    await proxy.server.connect(transport);
    transport.handleRequest(req, res, body, authInfo);
    if (!proxy.sessionId) {
      // Not an initialize (or refused): nothing to keep.
      runtime.sessions.delete(proxy);
      void proxy.server.close().catch(() => undefined);
    }
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((e) => {
      runtime.log.error({ err: (e as Error).message }, "http request failed");
      if (!res.headersSent) json(res, 500, { error: { code: "internal", message: "internal error" } });
      else res.end();
    });
  });
  server.keepAliveTimeout = 65_000;
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(o.port, o.host, () => resolve());
  });
  const addr = server.address() as AddressInfo;
  const hostForUrl = addr.family === "IPv6" ? `[${addr.address}]` : addr.address;
  baseUrl = (o.publicUrl ?? `http://${hostForUrl}:${addr.port}`).replace(/\/$/, "");

  const sweep = setInterval(() => {
    const now = Date.now();
    for (const [id, s] of sessions)
      if (now - s.proxy.lastActiveAt > SESSION_IDLE_MS && [...s.proxy.inflight.values()].every((n) => n === 0)) {
        sessions.delete(id);
        void s.transport.close().catch(() => undefined);
      }
  }, 60_000);
  sweep.unref();

  return {
    server,
    url: baseUrl,
    stopAccepting() {
      server.close();
    },
    async close() {
      clearInterval(sweep);
      for (const s of sessions.values()) await s.transport.close().catch(() => undefined);
      sessions.clear();
      for (const m of modern.values()) await m.handler.close().catch(() => undefined);
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}
