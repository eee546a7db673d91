import { createServer, type IncomingMessage, type Server } from "node:http";
import { gunzipSync } from "node:zlib";
import { afterEach, describe, expect, it } from "vitest";
import { db } from "../../lib/db";
import { WardenClient, type DroppedEvents, parseRetryAfter } from "../../lib/sdk/warden-client";
import { deliverEvents } from "../../lib/sdk/deliver-events";
import { baseUrl } from "../support/http";
import { createTestGateway } from "../support/gateways";

const servers: Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((r) => (s.close(r), s.closeAllConnections()))));
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

/**
 * A loopback server in front of Warden that answers 500 (or `answer`) to every batch containing one of the `poison`
 * event ids (as a server that cannot store some event would) and passes every other batch through.
 */
async function poisonProxy(target: string, poison: Set<string>, answer = { status: 500, body: { error: { code: "internal", message: "internal error" } } as object }): Promise<{ url: string; hits: () => number; poisoned: () => number }> {
  let hits = 0;
  let poisoned = 0;
  const server = createServer(async (req, res) => {
    hits++;
    const raw = await readBody(req);
    const json = req.headers["content-encoding"] === "gzip" ? gunzipSync(raw) : raw;
    const { events } = JSON.parse(json.toString("utf8")) as { events: { id: string }[] };
    if (events.some((e) => poison.has(e.id))) {
      poisoned++;
      res.writeHead(answer.status, { "content-type": "application/json" });
      res.end(JSON.stringify(answer.body));
      return;
    }
    const headers: Record<string, string> = {};
    for (const h of ["authorization", "content-type", "content-encoding"]) if (req.headers[h]) headers[h] = String(req.headers[h]);
    const upstream = await fetch(`${target}${req.url}`, { method: req.method, headers, body: new Uint8Array(raw) });
    res.writeHead(upstream.status, { "content-type": "application/json" });
    res.end(await upstream.text());
  });
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const addr = server.address();
  return { url: `http://127.0.0.1:${typeof addr === "object" && addr ? addr.port : 0}`, hits: () => hits, poisoned: () => poisoned };
}

/** A loopback server that accepts requests and never answers (or answers 503 forever). */
async function deadServer(mode: "hang" | "503"): Promise<string> {
  const server = createServer((req, res) => {
    req.resume();
    if (mode === "503") {
      res.writeHead(503, { "retry-after": "0", "content-type": "application/json" });
      res.end(JSON.stringify({ error: { code: "unavailable", message: "down" } }));
    }
  });
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const addr = server.address();
  return `http://127.0.0.1:${typeof addr === "object" && addr ? addr.port : 0}`;
}

const quietLog = () => {
  const lines: { obj: object; msg?: string }[] = [];
  return { lines, warn: (obj: object, msg?: string) => void lines.push({ obj, msg }) };
};

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

  it("never wedges: a batch the server keeps failing on (500) is bisected, the rest is stored, the poison event is quarantined, logged and returned by close()", async () => {
    const gw = await createTestGateway();
    const poisonId = "0b7f2d5e-1c1a-4a57-9a53-6b9a4f3f0a01";
    const proxy = await poisonProxy(baseUrl(), new Set([poisonId]));
    const log = quietLog();
    const dropped: DroppedEvents[] = [];
    const client = new WardenClient({ baseUrl: proxy.url, apiKey: gw.apiKey, batchSize: 64, flushIntervalMs: 20, retryBaseMs: 5, retryMaxMs: 50, log, onDropped: (d) => dropped.push(d) });
    const before = Array.from({ length: 40 }, (_, i) => client.record(event(i)));
    client.record({ ...event(40), id: poisonId });
    const after = Array.from({ length: 23 }, (_, i) => client.record(event(41 + i)));
    await client.flush();
    // Events recorded after the poison batch still flow.
    const later = Array.from({ length: 30 }, (_, i) => client.record(event(100 + i)));
    await client.flush();
    const stored = await db().event.findMany({ where: { gatewayId: gw.gatewayId }, select: { id: true } });
    expect(stored.map((r) => r.id).sort()).toEqual([...before, ...after, ...later].sort());
    expect(client.stats.quarantined).toBe(1);
    expect(client.stats.bisections).toBeGreaterThanOrEqual(1);
    expect(client.pending).toBe(1);
    expect(log.lines.some((l) => /quarantined/.test(l.msg ?? "") && (l.obj as { eventId?: string }).eventId === poisonId)).toBe(true);
    expect(proxy.poisoned()).toBeLessThanOrEqual(3 * 8); // O(log n) bisection steps, each tried 3 times
    const closed = await client.close({ timeoutMs: 10_000 });
    expect(closed.undelivered).toHaveLength(1);
    expect(closed.undelivered[0]).toMatchObject({ reason: "server_error" });
    expect(closed.undelivered[0].events.map((e) => e.id)).toEqual([poisonId]);
    expect(dropped.flatMap((d) => d.events.map((e) => e.id))).toEqual([poisonId]);
    expect(await db().event.count({ where: { id: poisonId } })).toBe(0);
  });

  it("retries a quarantined event later and delivers it once the server can take it", async () => {
    const gw = await createTestGateway();
    const poison = new Set(["5d0f8a3c-8e0b-4d5e-bc1e-7f0a2b9c4d11"]);
    const proxy = await poisonProxy(baseUrl(), poison);
    const client = new WardenClient({ baseUrl: proxy.url, apiKey: gw.apiKey, batchSize: 10, flushIntervalMs: 10, retryBaseMs: 5, retryMaxMs: 20, quarantineRetryMs: 100, log: quietLog() });
    const ids = Array.from({ length: 9 }, (_, i) => client.record(event(i)));
    ids.push(client.record({ ...event(9), id: [...poison][0] }));
    await client.flush();
    expect(client.stats.quarantined).toBe(1);
    poison.clear(); // the server is fixed
    await expect.poll(() => client.pending, { timeout: 20_000 }).toBe(0);
    const closed = await client.close();
    expect(closed.undelivered).toEqual([]);
    expect((await db().event.findMany({ where: { gatewayId: gw.gatewayId }, select: { id: true } })).map((r) => r.id).sort()).toEqual([...ids].sort());
  });

  it("close({timeoutMs}) against a server that never answers returns every undelivered event with its reason", async () => {
    for (const mode of ["hang", "503"] as const) {
      const url = await deadServer(mode);
      const dropped: DroppedEvents[] = [];
      const client = new WardenClient({ baseUrl: url, apiKey: "wk_test", batchSize: 5, flushIntervalMs: 5, retryBaseMs: 5, retryMaxMs: 20, onDropped: (d) => dropped.push(d) });
      const ids = Array.from({ length: 12 }, (_, i) => client.record(event(i)));
      const closed = await client.close({ timeoutMs: 300 });
      expect(closed.undelivered.every((d) => d.reason === "closed")).toBe(true);
      expect(closed.undelivered.flatMap((d) => d.events.map((e) => e.id)).sort()).toEqual([...ids].sort());
      expect(client.pending).toBe(0);
      expect(dropped.flatMap((d) => d.events.map((e) => e.id)).sort()).toEqual([...ids].sort());
    }
  });

  it("deliverEvents says what became of every event: delivered, refused (400 issues), quarantined (500), and stops at 401 keeping the rest", async () => {
    const gw = await createTestGateway();
    const poisonId = "9a6c1e2f-3b4d-4e5f-8a7b-0c1d2e3f4a5b";
    const proxy = await poisonProxy(baseUrl(), new Set([poisonId]));
    const mk = (i: number) => ({ ...event(i), id: crypto.randomUUID(), timestamp: new Date().toISOString() });
    const good = Array.from({ length: 12 }, (_, i) => mk(i));
    const bad = { ...mk(20), tool: "" };
    const poison = { ...mk(21), id: poisonId };
    const r = await deliverEvents({ baseUrl: proxy.url, apiKey: gw.apiKey, events: [...good.slice(0, 6), bad, poison, ...good.slice(6)], retryBaseMs: 5, retryMaxMs: 20, log: quietLog() });
    expect(r.delivered.map((e) => e.id).sort()).toEqual(good.map((e) => e.id).sort());
    expect(r.refused.flatMap((x) => x.events.map((e) => e.id))).toEqual([bad.id]);
    expect(r.quarantined.flatMap((x) => x.events.map((e) => e.id))).toEqual([poisonId]);
    const unauth = await deliverEvents({ baseUrl: baseUrl(), apiKey: "wk_not_a_key", events: good.slice(0, 3) });
    expect(unauth.unauthorized?.events.map((e) => e.id)).toEqual(good.slice(0, 3).map((e) => e.id));
    expect(unauth.delivered).toEqual([]);
  });

  it("deliverEvents narrows a 400 that names no event by halving the batch, and refuses only the event at fault", async () => {
    const gw = await createTestGateway();
    const poisonId = "3c2b1a09-8f7e-4d6c-9b5a-4e3d2c1b0a99";
    const proxy = await poisonProxy(baseUrl(), new Set([poisonId]), { status: 400, body: { error: { code: "bad_request", message: "malformed" } } });
    const events = Array.from({ length: 20 }, (_, i) => ({ ...event(i), id: i === 13 ? poisonId : crypto.randomUUID(), timestamp: new Date().toISOString() }));
    const r = await deliverEvents({ baseUrl: proxy.url, apiKey: gw.apiKey, events });
    expect(r.refused.flatMap((x) => x.events.map((e) => e.id))).toEqual([poisonId]);
    expect(r.delivered).toHaveLength(19);
    expect(await db().event.count({ where: { gatewayId: gw.gatewayId } })).toBe(19);
  });

  it("parses Retry-After as seconds or as an HTTP date", () => {
    expect(parseRetryAfter("3")).toBe(3000);
    expect(parseRetryAfter(new Date(10_000).toUTCString(), 4000)).toBe(6000);
    expect(parseRetryAfter(null)).toBeUndefined();
  });
});
