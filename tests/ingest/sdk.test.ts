import { createServer, type IncomingMessage, type Server } from "node:http";
import { afterEach, describe, expect, it } from "vitest";
import { db } from "../../lib/db";
import { WardenClient, type DroppedEvents, parseRetryAfter } from "../../lib/sdk/warden-client";
import { baseUrl } from "../support/http";
import { createTestGateway } from "../support/gateways";

const servers: Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((r) => s.close(r))));
});

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

/**
 * A loopback server in front of Warden: the first request gets 503 without reaching Warden; the second
 * reaches Warden but its answer is lost (503 instead); the rest are passed through.
 */
async function flakyProxy(target: string): Promise<{ url: string; hits: () => number }> {
  let hits = 0;
  const server = createServer(async (req, res) => {
    hits++;
    const body = await readBody(req);
    if (hits === 1) {
      res.writeHead(503, { "retry-after": "0", "content-type": "application/json" });
      res.end(JSON.stringify({ error: { code: "unavailable", message: "down for a moment" } }));
      return;
    }
    const headers: Record<string, string> = {};
    for (const h of ["authorization", "content-type", "content-encoding"]) if (req.headers[h]) headers[h] = String(req.headers[h]);
    const upstream = await fetch(`${target}${req.url}`, { method: req.method, headers, body: new Uint8Array(body) });
    const text = await upstream.text();
    if (hits === 2) {
      res.writeHead(503, { "retry-after": "0" });
      res.end();
      return;
    }
    res.writeHead(upstream.status, { "content-type": "application/json" });
    res.end(text);
  });
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const addr = server.address();
  return { url: `http://127.0.0.1:${typeof addr === "object" && addr ? addr.port : 0}`, hits: () => hits };
}

const event = (i: number) => ({ userId: `u${i % 3}`, server: "fs", tool: "read_file", status: "ok" as const, durationMs: i, costUsd: 0.001 });

describe("WardenClient (lib/sdk)", () => {
  it("loses nothing and duplicates nothing against a server that answers 503 then 200", async () => {
    const gw = await createTestGateway();
    const proxy = await flakyProxy(baseUrl());
    const dropped: DroppedEvents[] = [];
    const client = new WardenClient({ baseUrl: proxy.url, apiKey: gw.apiKey, batchSize: 40, flushIntervalMs: 50, retryBaseMs: 10, onDropped: (d) => dropped.push(d) });
    const ids = Array.from({ length: 100 }, (_, i) => client.record(event(i)));
    await client.close();
    expect(dropped).toEqual([]);
    expect(new Set(ids).size).toBe(100);
    expect(proxy.hits()).toBeGreaterThanOrEqual(5); // 3 batches + the refused one + the lost answer
    expect(client.stats.accepted + client.stats.duplicates).toBe(100);
    expect(client.stats.duplicates).toBe(40); // the batch whose answer was lost was stored the first time
    const rows = await db().event.findMany({ where: { gatewayId: gw.gatewayId }, select: { id: true } });
    expect(rows.map((r) => r.id).sort()).toEqual([...ids].sort());
  });

  it("drops and reports exactly the events the server refused as invalid, and stores the rest", async () => {
    const gw = await createTestGateway();
    const dropped: DroppedEvents[] = [];
    const client = new WardenClient({ baseUrl: baseUrl(), apiKey: gw.apiKey, batchSize: 500, flushIntervalMs: 20, onDropped: (d) => dropped.push(d) });
    const good = [0, 1, 2, 3].map((i) => client.record(event(i)));
    const bad = client.record({ ...event(9), tool: "" });
    const good2 = client.record(event(5));
    await client.close();
    expect(dropped).toHaveLength(1);
    expect(dropped[0].reason).toBe("invalid");
    expect(dropped[0].events.map((e) => e.id)).toEqual([bad]);
    expect(dropped[0].issues?.[0]).toMatchObject({ index: 4, path: "tool" });
    const rows = await db().event.findMany({ where: { gatewayId: gw.gatewayId }, select: { id: true } });
    expect(rows.map((r) => r.id).sort()).toEqual([...good, good2].sort());
  });

  it("sends many small batches to the real Warden and keeps ids it was given", async () => {
    const gw = await createTestGateway();
    const client = new WardenClient({ baseUrl: baseUrl(), apiKey: gw.apiKey, batchSize: 50, flushIntervalMs: 10, gzip: false });
    const given = "6f1c3a52-6d53-4c4b-9d0e-2b8d0a8f9f10";
    client.record({ ...event(0), id: given, timestamp: new Date(Date.now() - 60_000) });
    for (let i = 1; i < 230; i++) client.record(event(i));
    await client.close();
    expect(client.stats).toMatchObject({ recorded: 230, accepted: 230, dropped: 0 });
    expect(await db().event.count({ where: { gatewayId: gw.gatewayId } })).toBe(230);
    expect(await db().event.count({ where: { id: given } })).toBe(1);
  });

  it("parses Retry-After as seconds or as an HTTP date", () => {
    expect(parseRetryAfter("3")).toBe(3000);
    expect(parseRetryAfter(new Date(10_000).toUTCString(), 4000)).toBe(6000);
    expect(parseRetryAfter(null)).toBeUndefined();
  });
});
