import { readFileSync } from "node:fs";
import { rootCertificates } from "node:tls";
import { Client, type Transport } from "@modelcontextprotocol/client";
import type { ServerCapabilities, Implementation, RequestOptions } from "@modelcontextprotocol/client";
import { isStdioUpstream, type UpstreamConfig } from "../config/schema";
import type { GatewayLog } from "../log";
import { StdioChildTransport } from "./spawn-stdio-transport";
import { NodeHttpClientTransport } from "./node-http-client-transport";
import { resolveEnvRefs } from "./resolve-env-refs";

export type UpstreamStatus = "up" | "down" | "restarting";

export interface UpstreamHandlers {
  /** A notification from the server (list_changed, resources/updated, logging…), to relay downstream. */
  onNotification: (server: string, n: { method: string; params?: Record<string, unknown> }) => void;
  /** A server→client request (sampling, elicitation) made while serving a call; answered by a downstream client. */
  onRequest: (server: string, r: { method: string; params?: Record<string, unknown> }, o: { signal: AbortSignal }) => Promise<Record<string, unknown>>;
  /** (Re)connected: capabilities may have changed, caches must go. */
  onConnected?: (server: string) => void;
}

export interface Upstream {
  readonly name: string;
  readonly kind: "stdio" | "http";
  status: UpstreamStatus;
  restarts: number;
  /** The stdio child's pid (tests kill it). */
  pid(): number | undefined;
  capabilities(): ServerCapabilities | undefined;
  serverInfo(): Implementation | undefined;
  /** Resolves once the first connection attempt ended (connected or failed). */
  firstAttempt: Promise<void>;
  request(req: { method: string; params?: Record<string, unknown> }, o: RequestOptions): Promise<Record<string, unknown>>;
  close(): Promise<void>;
}

const BACKOFF_MS = [250, 500, 1000, 2000, 5000, 10_000, 30_000];
const STABLE_MS = 60_000;

/**
 * Connects to one configured MCP server with the SDK's Client and keeps it connected: a stdio child that
 * exits (or an HTTP server that cannot be reached) is reconnected with backoff (250 ms … 30 s, reset after a
 * minute up). Calls made while it is down fail at once with "upstream … is down".
 */
export function startUpstream(o: {
  name: string;
  config: UpstreamConfig;
  log: GatewayLog;
  handlers: UpstreamHandlers;
  env?: NodeJS.ProcessEnv;
  clientInfo?: Implementation;
}): Upstream {
  const env = o.env ?? process.env;
  const log = o.log.child({ upstream: o.name });
  let client: Client | undefined;
  let transport: (Transport & { pid?: number }) | undefined;
  let closing = false;
  let attempt = 0;
  let upSince = 0;
  let timer: NodeJS.Timeout | undefined;
  let resolveFirst!: () => void;
  const firstAttempt = new Promise<void>((r) => (resolveFirst = r));

  const upstream: Upstream = {
    name: o.name,
    kind: isStdioUpstream(o.config) ? "stdio" : "http",
    status: "down",
    restarts: 0,
    pid: () => (transport instanceof StdioChildTransport ? transport.pid : undefined),
    capabilities: () => (upstream.status === "up" ? client?.getServerCapabilities() : undefined),
    serverInfo: () => client?.getServerVersion(),
    firstAttempt,
    async request(req, opts) {
      if (upstream.status !== "up" || !client) throw new UpstreamDownError(o.name, upstream.status);
      return (await client.request(req as never, opts)) as Record<string, unknown>;
    },
    async close() {
      closing = true;
      if (timer) clearTimeout(timer);
      const c = client;
      client = undefined;
      upstream.status = "down";
      await c?.close().catch(() => undefined);
    },
  };

  function makeTransport(): Transport {
    const c = o.config;
    if (isStdioUpstream(c)) {
      const childEnv: Record<string, string> = {};
      if (env.PATH) childEnv.PATH = env.PATH;
      for (const [k, v] of Object.entries(c.env)) childEnv[k] = resolveEnvRefs({ value: v, env, where: `mcpServers.${o.name}.env.${k}` });
      return new StdioChildTransport({
        command: c.command,
        args: c.args,
        env: childEnv,
        cwd: c.cwd,
        onStderr: (line) => log.info({ stderr: line }, "upstream stderr"),
      });
    }
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(c.headers)) headers[k] = resolveEnvRefs({ value: v, env, where: `mcpServers.${o.name}.headers.${k}` });
    if (c.bearerTokenEnv) {
      const token = env[c.bearerTokenEnv];
      if (!token) throw new Error(`mcpServers.${o.name}.bearerTokenEnv: environment variable ${c.bearerTokenEnv} is not set`);
      headers.Authorization = `Bearer ${token}`;
    }
    // TLS is always verified; a `caFile` adds to the system roots, `clientCertFile`/`clientKeyFile` present a
    // client certificate (mTLS).
    return new NodeHttpClientTransport({
      url: new URL(c.url),
      headers,
      tls: {
        ca: c.caFile ? [...rootCertificates, readFileSync(c.caFile, "utf8")] : undefined,
        cert: c.clientCertFile ? readFileSync(c.clientCertFile) : undefined,
        key: c.clientKeyFile ? readFileSync(c.clientKeyFile) : undefined,
      },
    });
  }

  async function connect(): Promise<void> {
    timer = undefined;
    if (closing) return;
    const c = new Client(o.clientInfo ?? { name: "warden-gateway", version: "1.0.0" }, {
      // What the gateway can relay back to a downstream client. Never `roots`: server-filesystem would
      // replace its configured folders by the client's roots.
      capabilities: { sampling: {}, elicitation: {} },
    });
    c.setRequestHandler("sampling/createMessage", (req, ctx) =>
      o.handlers.onRequest(o.name, { method: req.method, params: req.params as Record<string, unknown> }, { signal: ctx.mcpReq.signal }) as never,
    );
    c.setRequestHandler("elicitation/create", (req, ctx) =>
      o.handlers.onRequest(o.name, { method: req.method, params: req.params as Record<string, unknown> }, { signal: ctx.mcpReq.signal }) as never,
    );
    c.fallbackNotificationHandler = async (n) => o.handlers.onNotification(o.name, { method: n.method, params: n.params as Record<string, unknown> | undefined });
    try {
      transport = makeTransport();
      c.onclose = () => {
        if (client !== c) return;
        client = undefined;
        upstream.status = closing ? "down" : "restarting";
        if (!closing) {
          log.warn({ pid: (transport as { pid?: number } | undefined)?.pid }, "upstream connection closed; reconnecting");
          schedule();
        }
      };
      await c.connect(transport);
      client = c;
      upstream.status = "up";
      upSince = Date.now();
      log.info({ server: c.getServerVersion()?.name, protocol: c.getNegotiatedProtocolVersion?.() }, "upstream connected");
      o.handlers.onConnected?.(o.name);
    } catch (e) {
      log.warn({ err: (e as Error).message }, "upstream connection failed");
      await c.close().catch(() => undefined);
      await transport?.close().catch(() => undefined);
      upstream.status = closing ? "down" : "restarting";
      schedule();
    } finally {
      resolveFirst();
    }
  }

  function schedule() {
    if (closing || timer) return;
    if (upSince && Date.now() - upSince > STABLE_MS) attempt = 0;
    upSince = 0;
    const delay = BACKOFF_MS[Math.min(attempt, BACKOFF_MS.length - 1)];
    attempt++;
    upstream.restarts++;
    timer = setTimeout(() => void connect(), delay);
  }

  void connect();
  return upstream;
}

export class UpstreamDownError extends Error {
  constructor(server: string, status: UpstreamStatus) {
    super(`upstream ${server} is ${status === "restarting" ? "restarting" : "down"}`);
    this.name = "UpstreamDownError";
  }
}
