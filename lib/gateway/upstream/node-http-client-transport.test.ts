import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { randomUUID } from "node:crypto";
import { afterEach, describe, expect, it } from "vitest";
import { z } from "zod";
import { Client } from "@modelcontextprotocol/client";
import { McpServer, type EventStore, type JSONRPCMessage } from "@modelcontextprotocol/server";
import { NodeStreamableHTTPServerTransport } from "@modelcontextprotocol/node";
import { NodeHttpClientTransport, type NodeHttpClientTransportOptions } from "./node-http-client-transport";

// The gateway's HTTP upstream transport against the SDK's own Streamable HTTP server (real HTTP on
// loopback): SSE and JSON answers, session and protocol headers, the standalone GET stream, a stream cut
// before its answer and resumed with Last-Event-ID, redirects, HTTP errors, and close().

interface Seen {
  method: string;
  headers: IncomingHttpHeaders;
}

const servers: Server[] = [];
const clients: Client[] = [];
afterEach(async () => {
  for (const c of clients.splice(0)) await c.close().catch(() => undefined);
  for (const s of servers.splice(0)) {
    s.closeAllConnections();
    await new Promise((r) => s.close(r));
  }
});

class MemoryEventStore implements EventStore {
  private readonly events: { id: string; stream: string; message: JSONRPCMessage }[] = [];
  async storeEvent(stream: string, message: JSONRPCMessage) {
    const id = `${stream}_${this.events.length}`;
    this.events.push({ id, stream, message });
    return id;
  }
  async getStreamIdForEventId(id: string) {
    return this.events.find((e) => e.id === id)?.stream;
  }
  async replayEventsAfter(lastEventId: string, { send }: { send: (id: string, m: JSONRPCMessage) => Promise<void> }) {
    const at = this.events.findIndex((e) => e.id === lastEventId);
    const stream = this.events[at].stream;
    for (const e of this.events.slice(at + 1)) if (e.stream === stream) await send(e.id, e.message);
    return stream;
  }
}

async function listen(handler: Parameters<typeof createServer>[1]): Promise<URL> {
  const server = createServer(handler);
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return new URL(`http://127.0.0.1:${(server.address() as AddressInfo).port}/mcp`);
}

/** An SDK MCP server per session; every request's method and headers are kept in `seen`. */
async function startMcp(o: { json?: boolean; resumable?: boolean; failGets?: { count: number; status: number } } = {}) {
  const seen: Seen[] = [];
  let failedGets = 0;
  const sessions = new Map<string, { transport: NodeStreamableHTTPServerTransport; mcp: McpServer }>();
  const url = await listen(async (req, res) => {
    seen.push({ method: req.method!, headers: req.headers });
    if (req.method === "GET" && o.failGets && failedGets < o.failGets.count) {
      failedGets++;
      res.writeHead(o.failGets.status).end("not now");
      return;
    }
    const id = req.headers["mcp-session-id"];
    let s = typeof id === "string" ? sessions.get(id) : undefined;
    if (typeof id === "string" && !s) {
      // As the spec says a server answers a session it does not know (it restarted, or ended it).
      res.writeHead(404, { "content-type": "application/json" });
      res.end(JSON.stringify({ jsonrpc: "2.0", error: { code: -32001, message: "Session not found" }, id: null }));
      return;
    }
    if (!s) {
      const mcp = new McpServer({ name: "transport-test", version: "1.0.0" }, { capabilities: { tools: { listChanged: true } } });
      const transport: NodeStreamableHTTPServerTransport = new NodeStreamableHTTPServerTransport({
        sessionIdGenerator: () => randomUUID(),
        enableJsonResponse: o.json,
        eventStore: o.resumable ? new MemoryEventStore() : undefined,
        retryInterval: o.resumable ? 20 : undefined,
        onsessioninitialized: (sid) => void sessions.set(sid, session),
      });
      const session = { transport, mcp };
      mcp.registerTool("echo", { inputSchema: z.object({ message: z.string() }) }, async ({ message }) => ({ content: [{ type: "text", text: `echo ${message}` }] }));
      mcp.registerTool("cut", { inputSchema: z.object({}) }, async (_args, ctx) => {
        // The server ends this request's SSE stream before it answers; the answer goes to the event store.
        transport.closeSSEStream(ctx.mcpReq.id);
        await new Promise((r) => setTimeout(r, 50));
        return { content: [{ type: "text", text: "answered after the cut" }] };
      });
      mcp.registerTool("slow", { inputSchema: z.object({}) }, async () => {
        await new Promise((r) => setTimeout(r, 60_000));
        return { content: [] };
      });
      await mcp.connect(transport);
      s = session;
    }
    await s.transport.handleRequest(req, res);
  });
  return { url, seen, sessions };
}

async function connect(url: URL, reconnection?: NodeHttpClientTransportOptions["reconnection"]) {
  const transport = new NodeHttpClientTransport({ url, headers: { Authorization: "Bearer upstream-token", "X-Tenant": "t1" }, reconnection });
  const client = new Client({ name: "warden-gateway", version: "1.0.0" });
  clients.push(client);
  await client.connect(transport);
  return { client, transport };
}

/** The first notification the client gets once the server sends list_changed: sent until it arrives, as the
 * GET may be seen before the server has attached it. */
async function listChangedArrives(mcp: Awaited<ReturnType<typeof startMcp>>, client: Client, transport: NodeHttpClientTransport): Promise<string> {
  const changed = new Promise<string>((resolve) => {
    client.fallbackNotificationHandler = async (n) => resolve(n.method);
  });
  const session = mcp.sessions.get(transport.sessionId!)!;
  const poke = setInterval(() => session.mcp.sendToolListChanged(), 50);
  try {
    return await changed;
  } finally {
    clearInterval(poke);
  }
}

const text = (r: unknown) => ((r as { content: { text: string }[] }).content[0]?.text ?? "");

describe("NodeHttpClientTransport (the gateway's HTTP upstream transport)", () => {
  it("answers as SSE: calls go through one session, with the session id on every request after initialize and the negotiated protocol version", async () => {
    const mcp = await startMcp();
    const { client, transport } = await connect(mcp.url);
    expect((await client.listTools()).tools.map((t) => t.name)).toContain("echo");
    const answers = await Promise.all(Array.from({ length: 20 }, (_, i) => client.callTool({ name: "echo", arguments: { message: `m${i}` } })));
    expect(answers.map(text)).toEqual(Array.from({ length: 20 }, (_, i) => `echo m${i}`));

    const [init, ...rest] = mcp.seen.filter((s) => s.method === "POST");
    expect(init.headers["mcp-session-id"]).toBeUndefined();
    expect(transport.sessionId).toMatch(/^[0-9a-f-]{36}$/);
    expect(rest.length).toBeGreaterThanOrEqual(22);
    for (const s of rest) {
      expect(s.headers["mcp-session-id"]).toBe(transport.sessionId);
      expect(s.headers["mcp-protocol-version"]).toBe(client.getNegotiatedProtocolVersion());
      expect(s.headers.authorization).toBe("Bearer upstream-token");
      expect(s.headers["x-tenant"]).toBe("t1");
      expect(s.headers.accept).toBe("application/json, text/event-stream");
    }
  });

  it("answers as JSON work the same", async () => {
    const mcp = await startMcp({ json: true });
    const { client } = await connect(mcp.url);
    expect(text(await client.callTool({ name: "echo", arguments: { message: "json" } }))).toBe("echo json");
  });

  it("opens the standalone GET stream after initialized, and the server's list_changed arrives through it", async () => {
    const mcp = await startMcp();
    const { client, transport } = await connect(mcp.url);
    await expect.poll(() => mcp.seen.some((s) => s.method === "GET")).toBe(true);
    const get = mcp.seen.find((s) => s.method === "GET")!;
    expect(get.headers.accept).toBe("text/event-stream");
    expect(get.headers["mcp-session-id"]).toBe(transport.sessionId);
    expect(await listChangedArrives(mcp, client, transport)).toBe("notifications/tools/list_changed");
  });

  it("the standalone GET stream is opened again however often it fails (the SDK gives up after two retries), until a refusal", async () => {
    const quick = { initialDelayMs: 5, maxDelayMs: 20, growFactor: 2, maxRetries: 2 };
    const mcp = await startMcp({ failGets: { count: 6, status: 503 } });
    const { client, transport } = await connect(mcp.url, quick);
    await expect.poll(() => mcp.seen.filter((s) => s.method === "GET").length).toBe(7);
    expect(await listChangedArrives(mcp, client, transport)).toBe("notifications/tools/list_changed");

    // A 4xx refusal ends it: one GET, and no more after the backoff would have retried many times.
    const refusing = await startMcp({ failGets: { count: 1_000, status: 403 } });
    const errors: string[] = [];
    const second = await connect(refusing.url, quick);
    second.transport.onerror = (e) => void errors.push(e.message);
    await expect.poll(() => errors.length).toBe(1);
    expect(errors[0]).toMatch(/Failed to open SSE stream.*HTTP 403/);
    await new Promise((r) => setTimeout(r, 200)); // ten times the longest backoff: a retry would have come
    expect(refusing.seen.filter((s) => s.method === "GET")).toHaveLength(1);
    expect(text(await second.client.callTool({ name: "echo", arguments: { message: "calls go on" } }))).toBe("echo calls go on");
  });

  it("a stream the server ends before its answer is resumed with Last-Event-ID, and the call gets its answer", async () => {
    const mcp = await startMcp({ resumable: true });
    const { client } = await connect(mcp.url);
    expect(text(await client.callTool({ name: "cut", arguments: {} }))).toBe("answered after the cut");
    const resumed = mcp.seen.filter((s) => s.method === "GET" && s.headers["last-event-id"]);
    expect(resumed.length).toBeGreaterThanOrEqual(1);
  });

  it("a 404 to the session's requests (the server restarted and forgot it) closes the transport, so the gateway starts a new session", async () => {
    const mcp = await startMcp();
    const { client, transport } = await connect(mcp.url);
    const closed = new Promise<void>((resolve) => (client.onclose = resolve));
    expect(text(await client.callTool({ name: "echo", arguments: { message: "known" } }))).toBe("echo known");
    mcp.sessions.clear();
    await expect(client.callTool({ name: "echo", arguments: { message: "forgotten" } })).rejects.toThrow(/HTTP 404|closed/);
    await closed;
    expect(transport.sessionId).toBeUndefined();
  });

  it("a redirect is not followed: the request fails naming where it pointed", async () => {
    const url = await listen((_req, res) => {
      res.writeHead(307, { location: "http://127.0.0.1:1/elsewhere" });
      res.end();
    });
    const client = new Client({ name: "warden-gateway", version: "1.0.0" });
    clients.push(client);
    await expect(client.connect(new NodeHttpClientTransport({ url }))).rejects.toThrow(/307 redirecting to http:\/\/127\.0\.0\.1:1\/elsewhere; redirects are not followed/);
  });

  it("an HTTP error fails the request with its status and the server's text", async () => {
    const url = await listen((_req, res) => {
      res.writeHead(503, { "content-type": "text/plain" });
      res.end("down for maintenance");
    });
    const client = new Client({ name: "warden-gateway", version: "1.0.0" });
    clients.push(client);
    await expect(client.connect(new NodeHttpClientTransport({ url }))).rejects.toThrow(/HTTP 503\): down for maintenance/);
  });

  it("close() ends a call still waiting for its answer, and the transport refuses to send after it", async () => {
    const mcp = await startMcp();
    const { client, transport } = await connect(mcp.url);
    const call = client.callTool({ name: "slow", arguments: {} });
    await expect.poll(() => mcp.seen.filter((s) => s.method === "POST").length).toBeGreaterThanOrEqual(3);
    await client.close();
    await expect(call).rejects.toThrow(/closed/i);
    await expect(transport.send({ jsonrpc: "2.0", method: "notifications/initialized" })).rejects.toThrow("transport closed");
  });
});
