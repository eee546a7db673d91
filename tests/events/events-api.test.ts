import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { api, baseUrl, type Session } from "../support/http";
import { createSignedInUser, uniq } from "../support/factories";
import { createTestGateway } from "../support/gateways";
import { event, hourStart, postEvents, spread } from "../metrics/seed-events";

let session: Session;
let gw: Awaited<ReturnType<typeof createTestGateway>>;
const H = hourStart(5);
const iso = (d: Date) => d.toISOString();
const range = () => new URLSearchParams({ range: "custom", from: iso(H), to: iso(new Date(H.getTime() + 3600_000)), gateway: gw.gatewayId });
const special = { tool: "read_fi%le", other: "readXfiYle", user: uniq("mallory") };

beforeAll(async () => {
  session = await createSignedInUser({ roles: ["security"] });
  gw = await createTestGateway();
  // 120 events; every 4 share a timestamp, so the order within equal times comes from the id.
  const ts = spread(H, 30 * 60_000, 30).flatMap((t) => [t, t, t, t]);
  const events = ts.map((t, i) =>
    event({
      timestamp: t,
      status: i % 10 === 0 ? "error" : "ok",
      errorType: i % 10 === 0 ? "ECONNRESET" : undefined,
      tool: i === 7 ? special.tool : i === 8 ? special.other : "list_files",
      userId: i === 9 ? special.user : "user@test",
      riskFlags: i % 40 === 1 ? ["prompt_injection"] : [],
      params: { path: `/tmp/${i}`, nested: { deep: [1, { x: "y" }] } },
      resultSummary: `result ${i}`,
      costUsd: 0.5,
      durationMs: 42,
      team: "core",
      agent: "claude",
      sessionId: "s-1",
      traceId: "t-1",
      inputTokens: 10,
      outputTokens: 20,
    }),
  );
  await postEvents(gw.apiKey, events);
});

async function allPages(q: URLSearchParams, limit: number) {
  const seen: { id: string; ts: string }[] = [];
  let cursor: string | null = null;
  let asOf: string | undefined;
  for (let n = 0; n < 50; n++) {
    const p = new URLSearchParams(q);
    p.set("limit", String(limit));
    if (cursor) p.set("cursor", cursor);
    if (asOf) p.set("asOf", asOf);
    const res = await api(`/api/events?${p}`, { session });
    expect(res.status, res.text).toBe(200);
    seen.push(...res.json.events);
    asOf = res.json.asOf;
    cursor = res.json.nextCursor;
    if (!cursor) break;
  }
  return seen;
}

describe("GET /api/events", () => {
  it("pages newest first on (ts, id) without repeating or skipping a row", async () => {
    const rows = await allPages(range(), 50);
    expect(rows).toHaveLength(120);
    expect(new Set(rows.map((r) => r.id)).size).toBe(120);
    const sorted = [...rows].sort((a, b) => (a.ts === b.ts ? (a.id < b.id ? 1 : -1) : a.ts < b.ts ? 1 : -1));
    expect(rows.map((r) => r.id)).toEqual(sorted.map((r) => r.id));
  });

  it("keeps later pages stable while new events arrive (asOf snapshot)", async () => {
    const first = await api(`/api/events?${range()}&limit=50`, { session });
    // New events land inside the range, newer than everything on page 1.
    await postEvents(gw.apiKey, [event({ timestamp: iso(new Date(H.getTime() + 59 * 60_000)), tool: "late_arrival" })]);
    const second = await api(`/api/events?${range()}&limit=50&cursor=${first.json.nextCursor}&asOf=${first.json.asOf}`, { session });
    const again = await api(`/api/events?${range()}&limit=50&asOf=${first.json.asOf}`, { session });
    expect(again.json.events.map((e: { id: string }) => e.id)).toEqual(first.json.events.map((e: { id: string }) => e.id));
    expect(second.json.events.some((e: { tool: string }) => e.tool === "late_arrival")).toBe(false);
    const fresh = await api(`/api/events?${range()}&limit=1`, { session });
    expect(fresh.json.events[0].tool).toBe("late_arrival");
  });

  it("filters by status, risk flag, user and team", async () => {
    const err = await allPages(new URLSearchParams([...range(), ["status", "error"]]), 200);
    expect(err).toHaveLength(12);
    expect(err.every((e) => (e as unknown as { status: string }).status === "error")).toBe(true);
    const flagged = await api(`/api/events?${range()}&flag=prompt_injection`, { session });
    expect(flagged.json.events).toHaveLength(3);
    const user = await api(`/api/events?${range()}&user=${encodeURIComponent(special.user)}`, { session });
    expect(user.json.events).toHaveLength(1);
    const team = await api(`/api/events?${range()}&team=nobody`, { session });
    expect(team.json.events).toHaveLength(0);
  });

  it("searches tool, server, user and error type literally and case-insensitively", async () => {
    const pct = await api(`/api/events?${range()}&q=${encodeURIComponent("D_FI%L")}`, { session });
    // "%" and "_" are literal: read_fi%le matches, readXfiYle does not.
    expect(pct.json.events.map((e: { tool: string }) => e.tool)).toEqual([special.tool]);
    const byError = await api(`/api/events?${range()}&q=econnreset`, { session });
    expect(byError.json.events).toHaveLength(12);
    const byUser = await api(`/api/events?${range()}&q=${encodeURIComponent(special.user.toUpperCase())}`, { session });
    expect(byUser.json.events).toHaveLength(1);
    const quote = await api(`/api/events?${range()}&q=${encodeURIComponent("' OR 1=1 --")}`, { session });
    expect(quote.status).toBe(200);
    expect(quote.json.events).toHaveLength(0);
  });

  it("refuses a forged cursor and needs events:read", async () => {
    const bad = await api(`/api/events?cursor=${Buffer.from("x|y").toString("base64url")}`, { session });
    expect(bad.status).toBe(400);
    expect(bad.json.error.issues[0].path).toBe("cursor");
    const viewer = await createSignedInUser({ roles: ["viewer"] });
    expect((await api(`/api/events`, { session: viewer })).status).toBe(403);
    expect((await api(`/api/events`)).status).toBe(401);
  });
});

describe("GET /api/events/{id}", () => {
  it("returns every field of the event, with or without its timestamp", async () => {
    const list = await api(`/api/events?${range()}&q=${encodeURIComponent(special.user)}`, { session });
    const { id, ts } = list.json.events[0];
    const res = await api(`/api/events/${id}?ts=${encodeURIComponent(ts)}`, { session });
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({
      id,
      ts,
      gatewayId: gw.gatewayId,
      gatewayName: gw.name,
      userId: special.user,
      team: "core",
      agent: "claude",
      sessionId: "s-1",
      traceId: "t-1",
      status: "ok",
      durationMs: 42,
      costUsd: "0.500000",
      inputTokens: 10,
      outputTokens: 20,
      params: { path: "/tmp/9", nested: { deep: [1, { x: "y" }] } },
      resultSummary: "result 9",
      riskFlags: [],
    });
    expect(typeof res.json.receivedAt).toBe("string");
    expect((await api(`/api/events/${id}`, { session })).json.id).toBe(id);
  });

  it("answers 404 for an unknown event and 400 for a malformed id", async () => {
    expect((await api(`/api/events/${randomUUID()}`, { session })).status).toBe(404);
    const bad = await api(`/api/events/nope`, { session });
    expect(bad.status).toBe(400);
    expect(bad.json.error.issues[0].path).toBe("id");
  });
});

describe("GET /api/events/export", () => {
  it("streams the filtered rows as CSV with a header, formula cells neutralised", async () => {
    const g = await createTestGateway();
    const t = iso(new Date(H.getTime() + 10 * 60_000));
    await postEvents(g.apiKey, [
      event({ timestamp: t, tool: "=HYPERLINK(\"http://evil\")", userId: "+cmd", params: { a: "-1+2" }, resultSummary: 'line1\nline2, "quoted"' }),
      event({ timestamp: t, tool: "plain", status: "error", identitySource: "config", decisions: [{ stage: "policy", outcome: "deny", reason: "=blocked" }] }),
    ]);
    const q = new URLSearchParams({ range: "custom", from: iso(H), to: iso(new Date(H.getTime() + 3600_000)), gateway: g.gatewayId, format: "csv" });
    const res = await fetch(`${baseUrl()}/api/events/export?${q}`, { headers: { cookie: session.cookie } });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^text\/csv/);
    expect(res.headers.get("content-disposition")).toMatch(/^attachment; filename="warden-events-.*\.csv"$/);
    const text = await res.text();
    const lines = text.split("\r\n");
    expect(lines[0]).toBe(
      "id,ts,receivedAt,gatewayId,gatewayName,userId,team,agent,sessionId,traceId,server,tool,status,errorType,durationMs,costUsd,inputTokens,outputTokens,riskFlags,params,resultSummary,approvalId,reservationId,identitySource,decisions",
    );
    // The gateway's chain as one JSON cell, keys in jsonb's order (a cell is neutralised only when it
    // starts like a formula).
    expect(text).toContain(`,config,"[{""stage"":""policy"",""reason"":""=blocked"",""outcome"":""deny""}]"`);
    expect(text).toContain(`"'=HYPERLINK(""http://evil"")"`);
    expect(text).toContain(",'+cmd,");
    expect(text).toContain('"line1\nline2, ""quoted"""');
    expect(text.split("\r\n").filter((l) => l.includes(g.gatewayId))).toHaveLength(2);
    const errorsOnly = await fetch(`${baseUrl()}/api/events/export?${q}&status=error`, { headers: { cookie: session.cookie } });
    expect((await errorsOnly.text()).trim().split("\r\n")).toHaveLength(2);
  });

  it("streams NDJSON across several keyset batches without losing or repeating a row", async () => {
    const g = await createTestGateway();
    const base = new Date(H.getTime() + 20 * 60_000);
    const events = spread(base, 60_000, 4500).map((t) => event({ timestamp: t }));
    await postEvents(g.apiKey, events);
    const q = new URLSearchParams({ range: "custom", from: iso(H), to: iso(new Date(H.getTime() + 3600_000)), gateway: g.gatewayId, format: "ndjson" });
    const res = await fetch(`${baseUrl()}/api/events/export?${q}`, { headers: { cookie: session.cookie } });
    expect(res.headers.get("content-type")).toMatch(/^application\/x-ndjson/);
    const rows = (await res.text()).trim().split("\n").map((l) => JSON.parse(l));
    expect(rows).toHaveLength(4500);
    expect(new Set(rows.map((r) => r.id))).toEqual(new Set(events.map((e) => e.id)));
  });

  it("needs events:export", async () => {
    const viewer = await createSignedInUser({ roles: ["viewer"] });
    expect((await api(`/api/events/export`, { session: viewer })).status).toBe(403);
  });
});
