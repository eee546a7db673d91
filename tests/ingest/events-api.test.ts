import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { db } from "../../lib/db";
import { ApiErrorResponse, IngestEventsResponse } from "../../lib/ingest/schema";
import { createTestGateway, gatewayApi } from "../support/gateways";
import { makeEvent, makeEvents } from "./event-factory";

const countEvents = (ids: string[]) => db().event.count({ where: { id: { in: ids } } });

describe("POST /api/v1/events", () => {
  it("POST /api/v1/events stores a valid batch and answers 200 {accepted, duplicates}", async () => {
    const gw = await createTestGateway();
    const events = makeEvents(3);
    const res = await gatewayApi("/events", gw.apiKey, { body: { events } });
    expect(res.status).toBe(200);
    expect(IngestEventsResponse.parse(res.json)).toEqual({ accepted: 3, duplicates: 0 });
    const rows = await db().event.findMany({ where: { id: { in: events.map((e) => e.id) } } });
    expect(rows).toHaveLength(3);
    expect(new Set(rows.map((r) => r.gatewayId))).toEqual(new Set([gw.gatewayId]));
    expect(rows[0].params).toEqual({ repo: "acme/api", title: "Bug" });
  });

  it("POST /api/v1/events counts a re-sent batch as duplicates and stores nothing twice", async () => {
    const gw = await createTestGateway();
    const events = makeEvents(5);
    expect((await gatewayApi("/events", gw.apiKey, { body: { events } })).json).toEqual({ accepted: 5, duplicates: 0 });
    const again = await gatewayApi("/events", gw.apiKey, { body: { events: [...events, makeEvent()] } });
    expect(again.json).toEqual({ accepted: 1, duplicates: 5 });
    expect(await countEvents(events.map((e) => e.id))).toBe(5);
  });

  it("POST /api/v1/events rejects a batch with one bad event and stores none of it", async () => {
    const gw = await createTestGateway();
    const events = [makeEvent(), makeEvent({ status: "weird" as never }), makeEvent()];
    const res = await gatewayApi("/events", gw.apiKey, { body: { events } });
    expect(res.status).toBe(400);
    const body = ApiErrorResponse.parse(res.json);
    expect(body.error.code).toBe("invalid_request");
    expect(body.error.issues).toEqual([expect.objectContaining({ index: 1, path: "status" })]);
    expect(await countEvents(events.map((e) => e.id))).toBe(0);
  });

  it("POST /api/v1/events lists every bad event with index, path and message", async () => {
    const gw = await createTestGateway();
    const future = new Date(Date.now() + 3_600_000).toISOString();
    const events = [
      makeEvent({ id: "not-a-uuid" }),
      makeEvent(),
      makeEvent({ timestamp: future }),
      { ...makeEvent(), gatewayId: "spoofed" },
      makeEvent({ timestamp: "2020-01-01T00:00:00Z" }),
      makeEvent({ tool: "x".repeat(201) }),
    ];
    const res = await gatewayApi("/events", gw.apiKey, { body: { events } });
    expect(res.status).toBe(400);
    const issues = ApiErrorResponse.parse(res.json).error.issues!;
    expect(issues.map((i) => [i.index, i.path])).toEqual([
      [0, "id"],
      [2, "timestamp"],
      [3, "(root)"],
      [4, "timestamp"],
      [5, "tool"],
    ]);
    expect(issues.every((i) => i.message.length > 0)).toBe(true);
  });

  it("POST /api/v1/events refuses text Postgres cannot store (NUL, unpaired surrogates) with 400, not 500", async () => {
    const gw = await createTestGateway();
    const events = [makeEvent({ tool: "read\u0000file" }), makeEvent({ params: { note: "a\u0000b" } }), makeEvent({ params: { ["\ud800"]: 1 } }), makeEvent()];
    const res = await gatewayApi("/events", gw.apiKey, { body: { events } });
    expect(res.status).toBe(400);
    expect(res.json.error.issues.map((i: { index: number; path: string }) => [i.index, i.path])).toEqual([
      [0, "tool"],
      [1, "params.note"],
      [2, "params.\\ud800"],
    ]);
    expect(await countEvents(events.map((e) => e.id))).toBe(0);
  });

  it("POST /api/v1/events answers 400 to malformed JSON", async () => {
    const gw = await createTestGateway();
    const res = await gatewayApi("/events", gw.apiKey, { rawBody: '{"events":[{', headers: { "content-type": "application/json" } });
    expect(res.status).toBe(400);
    expect(ApiErrorResponse.parse(res.json).error.code).toBe("invalid_request");
  });

  it("POST /api/v1/events answers 415 to a wrong content type or encoding", async () => {
    const gw = await createTestGateway();
    const body = JSON.stringify({ events: [makeEvent()] });
    const text = await gatewayApi("/events", gw.apiKey, { rawBody: body, headers: { "content-type": "text/plain" } });
    expect(text.status).toBe(415);
    expect(ApiErrorResponse.parse(text.json).error.code).toBe("unsupported_media_type");
    const br = await gatewayApi("/events", gw.apiKey, { rawBody: body, headers: { "content-type": "application/json", "content-encoding": "br" } });
    expect(br.status).toBe(415);
  });

  it("POST /api/v1/events answers 413 to more than 1000 events", async () => {
    const gw = await createTestGateway();
    const res = await gatewayApi("/events", gw.apiKey, { body: { events: makeEvents(1001) } });
    expect(res.status).toBe(413);
    expect(ApiErrorResponse.parse(res.json).error.code).toBe("payload_too_large");
  });

  it("POST /api/v1/events answers 413 to a body over 1 MiB", async () => {
    const gw = await createTestGateway();
    const big = makeEvents(1000, { resultSummary: "y".repeat(1100) });
    const res = await gatewayApi("/events", gw.apiKey, { body: { events: big } });
    expect(res.status).toBe(413);
  });

  it("POST /api/v1/events answers 413 to a gzip body that expands past 1 MiB (gzip bomb)", async () => {
    const gw = await createTestGateway();
    const bomb = gzipSync(Buffer.from(`{"events":[${" ".repeat(8 * 1024 * 1024)}]}`));
    expect(bomb.byteLength).toBeLessThan(64 * 1024);
    const res = await gatewayApi("/events", gw.apiKey, { rawBody: bomb, headers: { "content-type": "application/json", "content-encoding": "gzip" } });
    expect(res.status).toBe(413);
  });

  it("POST /api/v1/events accepts a gzip-encoded body", async () => {
    const gw = await createTestGateway();
    const events = makeEvents(4);
    const res = await gatewayApi("/events", gw.apiKey, {
      rawBody: gzipSync(Buffer.from(JSON.stringify({ events }))),
      headers: { "content-type": "application/json", "content-encoding": "gzip" },
    });
    expect(res.status).toBe(200);
    expect(res.json).toEqual({ accepted: 4, duplicates: 0 });
  });

  it("POST /api/v1/events accepts NDJSON, one event a line", async () => {
    const gw = await createTestGateway();
    const events = makeEvents(3);
    const res = await gatewayApi("/events", gw.apiKey, {
      rawBody: events.map((e) => JSON.stringify(e)).join("\n") + "\n",
      headers: { "content-type": "application/x-ndjson" },
    });
    expect(res.status).toBe(200);
    expect(res.json).toEqual({ accepted: 3, duplicates: 0 });
    const bad = await gatewayApi("/events", gw.apiKey, {
      rawBody: `${JSON.stringify(makeEvent())}\n{oops\n`,
      headers: { "content-type": "application/x-ndjson" },
    });
    expect(bad.status).toBe(400);
    expect(bad.json.error.issues[0].index).toBe(1);
  });

  it("POST /api/v1/events answers 401 without a key or with an unknown key", async () => {
    const missing = await gatewayApi("/events", null, { body: { events: [makeEvent()] } });
    expect(missing.status).toBe(401);
    expect(ApiErrorResponse.parse(missing.json).error.code).toBe("unauthenticated");
    const unknown = await gatewayApi("/events", `wdn_abcdefghijkl_${"A".repeat(32)}`, { body: { events: [makeEvent()] } });
    expect(unknown.status).toBe(401);
  });

  it("POST /api/v1/events answers 403 to a key without events:write", async () => {
    const gw = await createTestGateway({ scopes: ["approvals:write"] });
    const events = [makeEvent()];
    const res = await gatewayApi("/events", gw.apiKey, { body: { events } });
    expect(res.status).toBe(403);
    expect(ApiErrorResponse.parse(res.json).error.code).toBe("forbidden");
    expect(await countEvents([events[0].id])).toBe(0);
  });

  it("POST /api/v1/events stores the key's gateway, whatever the caller claims", async () => {
    const a = await createTestGateway();
    const b = await createTestGateway();
    const e = makeEvent();
    await gatewayApi("/events", b.apiKey, { body: { events: [e] } });
    const row = await db().event.findFirstOrThrow({ where: { id: e.id } });
    expect(row.gatewayId).toBe(b.gatewayId);
    expect(row.gatewayId).not.toBe(a.gatewayId);
  });
});
