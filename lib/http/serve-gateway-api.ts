import { readdirSync } from "node:fs";
import type { IncomingMessage, ServerResponse } from "node:http";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { log } from "../log";
import { checkRequestTarget } from "./check-request-target";
import { discardBody } from "./discard-body";
import { readStreamBytes } from "./read-stream-bytes";
import { errorBody } from "./errors";

// The gateway API (app/api/v1/**/route.ts) served by server.ts directly, in front of Next.
//
// Why: the gateway API is machine-to-machine JSON with API-key auth: no pages, no session, no proxy.ts
// nonce, nothing Next's request pipeline adds. Measured on this 2-core machine, that pipeline costs
// ≈1.5–2 ms of CPU per request (profile of bench:spend: Next's router, render context, tracing and web
// stream adapters), which caps a core at ≈500 small requests/s — below what one busy gateway sends
// (spend authorizations, approvals, events). The route files stay the one definition of each endpoint
// (the same exported GET/POST handlers, the same wrappers, the authorization matrix test reads them);
// this module only finds them, matches the path and method, adapts Node's request and response to the
// web Request/Response the handlers take, and adds the security headers proxy.ts/next.config.ts would.

type Handler = (req: Request, route: { params: Promise<Record<string, string>> }) => Promise<Response>;

interface GatewayRoute {
  /** e.g. /api/v1/approvals/[id]/cancel */
  template: string;
  pattern: RegExp;
  keys: string[];
  file: string;
  methods?: Map<string, Handler>;
}

const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;
const PREFIX = "/api/v1";

const SECURITY_HEADERS: Record<string, string> = {
  "content-security-policy": "default-src 'none'; frame-ancestors 'none'",
  "x-content-type-options": "nosniff",
  "x-frame-options": "DENY",
  "referrer-policy": "same-origin",
};

/** Every app/api/v1/**\/route.ts under `appDir`, as a path template with its parameter names. */
export function findGatewayRoutes(appDir: string): GatewayRoute[] {
  const root = path.join(appDir, "api", "v1");
  const routes: GatewayRoute[] = [];
  const walk = (dir: string, segments: string[]) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (entry.isDirectory()) walk(path.join(dir, entry.name), [...segments, entry.name]);
      else if (entry.name === "route.ts") {
        const keys: string[] = [];
        const parts = segments.map((s) => {
          const param = /^\[(\w+)\]$/.exec(s);
          if (!param) return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
          keys.push(param[1]);
          return "([^/]+)";
        });
        routes.push({
          template: `${PREFIX}/${segments.join("/")}`,
          pattern: new RegExp(`^${PREFIX}${parts.map((p) => `/${p}`).join("")}/?$`),
          keys,
          file: path.join(dir, entry.name),
        });
      }
    }
  };
  walk(root, []);
  // Literal segments before parameters: /approvals/count would beat /approvals/[id] if both existed.
  return routes.sort((a, b) => a.keys.length - b.keys.length);
}

async function methodsOf(route: GatewayRoute): Promise<Map<string, Handler>> {
  if (route.methods) return route.methods;
  const mod = (await import(pathToFileURL(route.file).href)) as Partial<Record<string, unknown>>;
  const methods = new Map<string, Handler>();
  for (const m of METHODS) if (typeof mod[m] === "function") methods.set(m, mod[m] as Handler);
  route.methods = methods;
  return methods;
}

function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
  const text = JSON.stringify(body);
  res.writeHead(status, { ...SECURITY_HEADERS, "content-type": "application/json", "content-length": Buffer.byteLength(text), ...headers });
  res.end(text);
}

/** Bodies up to this size (by Content-Length) are read before the handler runs: cheaper than a web stream. */
const SMALL_BODY_BYTES = 64 * 1024;

async function toRequest(req: IncomingMessage, res: ServerResponse): Promise<Request> {
  const headers = new Headers();
  const raw = req.rawHeaders;
  for (let i = 0; i < raw.length; i += 2) headers.append(raw[i], raw[i + 1]);
  // server.ts has already replaced x-real-ip with the socket's address (or the trusted proxy's header).
  headers.set("x-real-ip", String(req.headers["x-real-ip"] ?? ""));
  const init: RequestInit & { duplex?: "half" } = { method: req.method, headers };
  if (req.method === "GET" || req.method === "HEAD") {
    // Only reads wait (the approval long-poll): they learn through the signal that the gateway hung up.
    const abort = new AbortController();
    res.once("close", () => {
      if (!res.writableFinished) abort.abort();
    });
    init.signal = abort.signal;
  } else {
    const length = Number(req.headers["content-length"] ?? NaN);
    if (length <= SMALL_BODY_BYTES) init.body = new Uint8Array(await readStreamBytes({ stream: req }));
    else {
      // Large or of unknown length: streamed, so the handler's own limit stops reading it in time. Lazily:
      // nothing reads the connection until the handler does, so a body refused unread can be discarded.
      init.body = lazyBody(req);
      init.duplex = "half";
    }
  }
  return new Request(`http://${req.headers.host ?? "localhost"}${req.url}`, init);
}

async function writeResponse(req: IncomingMessage, res: ServerResponse, response: Response) {
  const headers: Record<string, string> = { ...SECURITY_HEADERS };
  response.headers.forEach((value, key) => {
    headers[key] = value;
  });
  // A handler that refused the body before reading it all (413, 401…) leaves the rest of it on the
  // connection: close it after this response rather than read on (it may be huge) or let a keep-alive
  // client send its next request into the leftovers.
  if (!req.complete) {
    headers.connection = "close";
    // Refused before it was read (e.g. a declared length over the limit): take in the rest first, up to a
    // bound, so the client finishes sending and reads this answer. Closing on a client still uploading
    // makes it fail with EPIPE/ECONNRESET instead of seeing the 413.
    if (!req.readableDidRead && !req.destroyed) await discardBody(req);
  }
  const body = response.body ? Buffer.from(await response.arrayBuffer()) : null;
  if (body) headers["content-length"] = String(body.byteLength);
  res.writeHead(response.status, headers);
  res.end(body ?? undefined);
}

/** The request body as a web stream that reads from the connection only when pulled. */
function lazyBody(req: IncomingMessage): ReadableStream<Uint8Array> {
  let chunks: AsyncIterator<Buffer> | undefined;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      chunks ??= req[Symbol.asyncIterator]();
      const { value, done } = await chunks.next();
      if (done) controller.close();
      else controller.enqueue(new Uint8Array(value.buffer, value.byteOffset, value.byteLength));
    },
    async cancel() {
      await chunks?.return?.();
    },
    // highWaterMark 0: no pull (so no read of the connection) until the handler asks for data.
  }, { highWaterMark: 0 });
}

/**
 * Returns a Node request listener for /api/v1/**, or null for any other path (Next serves those).
 * Handlers are imported on first use.
 */
export function createGatewayApi(appDir: string): (req: IncomingMessage, res: ServerResponse) => boolean {
  const routes = findGatewayRoutes(appDir);
  return (req, res) => {
    const url = req.url ?? "/";
    if (!url.startsWith(`${PREFIX}/`) && url !== PREFIX) return false;
    const pathname = url.split("?")[0];
    let match: RegExpExecArray | null = null;
    const route = routes.find((r) => (match = r.pattern.exec(pathname)) !== null);
    if (!route || !match) {
      sendJson(res, 404, errorBody("not_found", `No gateway API endpoint at ${pathname}; see /api/v1/openapi.json.`));
      return true;
    }
    const groups: RegExpExecArray = match;
    void (async () => {
      try {
        const methods = await methodsOf(route);
        const method = req.method === "HEAD" ? "GET" : (req.method ?? "GET");
        const handler = methods.get(method);
        if (!handler) {
          const allow = [...methods.keys()].join(", ");
          sendJson(res, 405, errorBody("method_not_allowed", `${req.method} is not allowed on ${route.template}; use ${allow}.`), { allow });
          return;
        }
        const params: Record<string, string> = {};
        // server.ts has refused bad percent-encoding and NUL already; checked again for any other caller.
        const refused = checkRequestTarget({ url, host: req.headers.host });
        if (refused) {
          sendJson(res, refused.status, errorBody(refused.code, refused.message, refused.options.issues));
          return;
        }
        route.keys.forEach((k, i) => (params[k] = decodeURIComponent(groups[i + 1])));
        const response = await handler(await toRequest(req, res), { params: Promise.resolve(params) });
        await writeResponse(req, res, response);
      } catch (err) {
        if (res.destroyed) return; // the gateway hung up: nobody to answer
        // Handlers map their own errors; this is for a failure of the adapter itself.
        log.error({ err: String(err), path: pathname }, "gateway API: unhandled error");
        if (!res.headersSent) sendJson(res, 500, errorBody("internal", "Unexpected error; it has been logged."));
        else res.destroy();
      }
    })();
    return true;
  };
}
