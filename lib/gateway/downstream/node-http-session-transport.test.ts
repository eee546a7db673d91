import { createServer, type Server as HttpServer } from "node:http";
import type { AddressInfo } from "node:net";
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Server } from "@modelcontextprotocol/server";
import { NodeHttpSessionTransport } from "./node-http-session-transport";

// The Node-native 2025 session transport of the gateway's HTTP listener, over real HTTP with the SDK's Server.
describe("NodeHttpSessionTransport", () => {
  let http: HttpServer;
  let url: string;
  const sessions = new Map<string, NodeHttpSessionTransport>();

  beforeAll(async () => {
    http = createServer(async (req, res) => {
      const chunks: Buffer[] = [];
      for await (const c of req) chunks.push(c as Buffer);
      const body = chunks.length ? JSON.parse(Buffer.concat(chunks).toString("utf8")) : undefined;
      const id = req.headers["mcp-session-id"];
      const existing = typeof id === "string" ? sessions.get(id) : undefined;
      if (existing) return existing.handleRequest(req, res, body);
      const server = new Server({ name: "t", version: "1" }, { capabilities: { tools: {} } });
      server.setRequestHandler("tools/call", async (r, ctx) => {
        const token = ctx.mcpReq._meta?.progressToken;
        if (token !== undefined) await ctx.mcpReq.notify({ method: "notifications/progress", params: { progressToken: token, progress: 1, total: 2 } });
        return { content: [{ type: "text", text: `echo ${String((r.params.arguments as { m?: string })?.m)}` }] };
      });
      const transport = new NodeHttpSessionTransport({ sessionIdGenerator: () => randomUUID(), onsessioninitialized: (sid) => sessions.set(sid, transport) });
      await server.connect(transport);
      transport.handleRequest(req, res, body);
    });
    await new Promise<void>((r) => http.listen(0, "127.0.0.1", r));
    url = `http://127.0.0.1:${(http.address() as AddressInfo).port}/mcp`;
  });
  afterAll(async () => {
    for (const t of sessions.values()) await t.close();
    http.closeAllConnections();
    await new Promise((r) => http.close(r));
  });

  const headers = (sessionId?: string) => ({
    "content-type": "application/json",
    accept: "application/json, text/event-stream",
    ...(sessionId ? { "mcp-session-id": sessionId, "mcp-protocol-version": "2025-06-18" } : {}),
  });
  const post = (body: unknown, h: Record<string, string>) => fetch(url, { method: "POST", headers: h, body: JSON.stringify(body) });

  it("answers in JSON when the response comes first, in SSE when a notification must go first; checks session, accept and version headers like the SDK", async () => {
    const init = await post(
      { jsonrpc: "2.0", id: 1, method: "initialize", params: { protocolVersion: "2025-06-18", capabilities: {}, clientInfo: { name: "c", version: "1" } } },
      headers(),
    );
    expect(init.status).toBe(200);
    expect(init.headers.get("content-type")).toBe("application/json");
    const sid = init.headers.get("mcp-session-id")!;
    expect(sid).toBeTruthy();
    expect(((await init.json()) as { result: { protocolVersion: string } }).result.protocolVersion).toBe("2025-06-18");
    expect((await post({ jsonrpc: "2.0", method: "notifications/initialized" }, headers(sid))).status).toBe(202);

    const plain = await post({ jsonrpc: "2.0", id: 2, method: "tools/call", params: { name: "e", arguments: { m: "a" } } }, headers(sid));
    expect(plain.headers.get("content-type")).toBe("application/json");
    expect(await plain.json()).toMatchObject({ id: 2, result: { content: [{ text: "echo a" }] } });

    const withProgress = await post({ jsonrpc: "2.0", id: 3, method: "tools/call", params: { name: "e", arguments: { m: "b" }, _meta: { progressToken: "p" } } }, headers(sid));
    expect(withProgress.headers.get("content-type")).toBe("text/event-stream");
    const events = (await withProgress.text()).split("\n\n").filter(Boolean).map((e) => JSON.parse(e.split("data: ")[1]!));
    expect(events[0]).toMatchObject({ method: "notifications/progress", params: { progressToken: "p", progress: 1 } });
    expect(events[1]).toMatchObject({ id: 3, result: { content: [{ text: "echo b" }] } });

    const call = { jsonrpc: "2.0", id: 4, method: "tools/call", params: { name: "e" } };
    expect((await post(call, { ...headers(sid), accept: "application/json" })).status).toBe(406);
    expect((await post(call, { ...headers(sid), "mcp-protocol-version": "1999-01-01" })).status).toBe(400);
    expect((await post({ nope: true }, headers(sid))).status).toBe(400);
    const again = await post({ jsonrpc: "2.0", id: 5, method: "initialize", params: { protocolVersion: "2025-06-18", capabilities: {}, clientInfo: { name: "c", version: "1" } } }, headers(sid));
    expect(((await again.json()) as { error: { message: string } }).error.message).toMatch(/already initialized/);

    expect((await fetch(url, { method: "DELETE", headers: headers(sid) })).status).toBe(200);
    expect((await post(call, headers(sid))).status).toBe(404);
  });
});
