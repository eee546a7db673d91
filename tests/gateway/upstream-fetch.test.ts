import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { getEventListeners } from "node:events";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { withRequestSignals } from "../../lib/gateway/upstream/create-upstream-fetch";

// The fetch an HTTP upstream is reached with, against a real local HTTP server answering like a Streamable
// HTTP MCP server (an SSE body per POST).
let server: Server;
let url: string;
beforeAll(async () => {
  server = createServer((req, res) => {
    res.writeHead(200, { "content-type": "text/event-stream" });
    res.write(`event: message\ndata: {"jsonrpc":"2.0","id":1,"result":{}}\n\n`);
    if (req.url === "/hold") return; // a stream that stays open
    res.end();
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
});

describe("upstream fetch (lib/gateway/upstream/create-upstream-fetch)", () => {
  it("requests sharing the transport's long-lived signal leave one abort listener on it, not one per request", async () => {
    const transport = new AbortController();
    const fetchUpstream = withRequestSignals((u, init) => fetch(u, init));
    for (let i = 0; i < 60; i++) {
      const res = await fetchUpstream(`${url}/mcp`, { method: "POST", body: "{}", signal: transport.signal });
      expect(await res.text()).toContain('"result"');
    }
    expect(getEventListeners(transport.signal, "abort").length).toBe(1);
  });

  it("aborting the long-lived signal still ends a response that is streaming", async () => {
    const transport = new AbortController();
    const fetchUpstream = withRequestSignals((u, init) => fetch(u, init));
    const res = await fetchUpstream(`${url}/hold`, { method: "POST", body: "{}", signal: transport.signal });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/event-stream");
    const reader = res.body!.getReader();
    const first = await reader.read();
    expect(new TextDecoder().decode(first.value)).toContain('"result"');
    const next = reader.read();
    transport.abort(new Error("transport closed"));
    await expect(next).rejects.toThrow();
  });
});
