import { randomBytes } from "node:crypto";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { inject } from "vitest";
import { hashParams } from "../../lib/approvals/hash-params";
import { api, type Session } from "../support/http";
import { createSignedInUser, uniq } from "../support/factories";
import { createTestGateway, gatewayApi } from "../support/gateways";
import { event, hourStart, postEvents } from "../metrics/seed-events";

// The agent-session view (GET /api/events/session, lib/events/find-session-events.ts): the events that share
// an MCP session id or a trace id, oldest first, with each call's approval outcome.

let session: Session;
const sid = uniq("mcp-session");
const tid = randomBytes(16).toString("hex");
const t0 = hourStart(2);
const at = (s: number) => new Date(t0.getTime() + s * 1000).toISOString();
const ids: Record<string, string> = {};
let approvalId: string;

beforeAll(async () => {
  session = await createSignedInUser({ roles: ["security"] });
  const gw = await createTestGateway();
  const approval = await gatewayApi("/approvals", gw.apiKey, {
    body: { requestId: uniq("req"), server: "fs", tool: "write_file", params: { path: "/tmp/a" }, paramsHash: hashParams({ path: "/tmp/a" }), userId: "ana@test", sessionId: sid },
  });
  expect(approval.status, approval.text).toBeLessThan(300);
  approvalId = approval.json.id;
  const evs = {
    list: event({ timestamp: at(0), sessionId: sid, tool: "list_files", durationMs: 12 }),
    write: event({ timestamp: at(5), sessionId: sid, traceId: tid, tool: "write_file", riskFlags: ["prompt_injection"], costUsd: 0.5, durationMs: 900 }),
    // Same trace, another session (the call the agent made through a second server): part of the session view.
    mail: event({ timestamp: at(6), sessionId: uniq("other"), traceId: tid, tool: "send_email", status: "error", errorType: "tool_error" }),
    read: event({ timestamp: at(30), sessionId: sid, tool: "read_file" }),
    unrelated: event({ timestamp: at(7), sessionId: uniq("noise"), tool: "noise" }),
  };
  await postEvents(gw.apiKey, [...Object.values(evs).map((e) => (e === evs.write ? { ...e, approvalId } : e))]);
  for (const [k, e] of Object.entries(evs)) ids[k] = e.id;
});

describe("GET /api/events/session", () => {
  it("lists the calls sharing the session or the trace, oldest first, with cost, flags and the approval's outcome", async () => {
    const res = await api(`/api/events/session?${new URLSearchParams({ session: sid, trace: tid, at: at(5), event: ids.write })}`, { session });
    expect(res.status, res.text).toBe(200);
    expect(res.json.events.map((e: { id: string }) => e.id)).toEqual([ids.list, ids.write, ids.mail, ids.read]);
    const write = res.json.events[1];
    expect(write).toMatchObject({ tool: "write_file", costUsd: "0.500000", riskFlags: ["prompt_injection"], durationMs: 900, approvalId, approvalStatus: "pending", approvalWaitMs: null, traceId: tid, sessionId: sid });
    expect(res.json.events[2]).toMatchObject({ status: "error", errorType: "tool_error" });
    expect(res.json).toMatchObject({ sessionId: sid, traceId: tid, moreBefore: false, moreAfter: false });
  });

  it("by session id alone leaves out the other session's call on the same trace", async () => {
    const res = await api(`/api/events/session?${new URLSearchParams({ session: sid, at: at(5) })}`, { session });
    expect(res.json.events.map((e: { id: string }) => e.id)).toEqual([ids.list, ids.write, ids.read]);
  });

  it("refuses a request naming neither a session nor a trace, or a malformed time, with the field", async () => {
    const none = await api(`/api/events/session?at=${encodeURIComponent(at(5))}`, { session });
    expect(none.status).toBe(400);
    expect(none.json.error.issues.map((i: { path: string }) => i.path)).toContain("session");
    const bad = await api(`/api/events/session?session=${sid}&at=yesterday`, { session });
    expect(bad.status).toBe(400);
    expect(bad.json.error.issues.map((i: { path: string }) => i.path)).toContain("at");
  });

  it("is refused to a role without events:read", async () => {
    const manager = await createSignedInUser({ roles: ["manager"] });
    const res = await api(`/api/events/session?session=${sid}`, { session: manager });
    expect(res.status).toBe(403);
  });
});

describe("the session query's indexes", () => {
  const client = new pg.Client({ connectionString: inject("databaseUrl") });
  beforeAll(() => client.connect());
  afterAll(() => client.end());

  it("has the partial session and trace indexes on every day partition", async () => {
    const { rows } = await client.query<{ parts: number; session: number; trace: number }>(`
      SELECT count(*)::int AS parts,
             count(*) FILTER (WHERE EXISTS (SELECT 1 FROM pg_indexes i WHERE i.tablename = c.relname AND i.indexdef LIKE '%(session_id, ts) WHERE (session_id IS NOT NULL)'))::int AS session,
             count(*) FILTER (WHERE EXISTS (SELECT 1 FROM pg_indexes i WHERE i.tablename = c.relname AND i.indexdef LIKE '%(trace_id, ts) WHERE (trace_id IS NOT NULL)'))::int AS trace
      FROM pg_inherits h JOIN pg_class c ON c.oid = h.inhrelid WHERE h.inhparent = 'events'::regclass`);
    expect(rows[0].parts).toBeGreaterThan(0);
    expect(rows[0]).toEqual({ parts: rows[0].parts, session: rows[0].parts, trace: rows[0].parts });
  });

  it("serves (session_id = $1 OR trace_id = $2) from both partial indexes (a BitmapOr)", async () => {
    // The match predicate of findSessionEvents' query. The test tables are small and unanalysed (the planner
    // costs every index of a near-empty partition alike and picks the time index), so this asks whether the
    // partial indexes CAN serve the predicate — a partial index whose predicate the query does not imply
    // cannot — with sequential scans off and without the time bounds the time index could also serve.
    await client.query("BEGIN");
    try {
      await client.query("SET LOCAL enable_seqscan = off");
      const plan = await client.query(`EXPLAIN (FORMAT JSON) SELECT e.id FROM events e WHERE (e.session_id = $1 OR e.trace_id = $2)`, [sid, tid]);
      const text = JSON.stringify(plan.rows[0]);
      expect(text, text).toContain("BitmapOr");
      expect(text).toMatch(/events_p\d{8}_session_id_ts_idx/);
      expect(text).toMatch(/events_p\d{8}_trace_id_ts_idx/);
    } finally {
      await client.query("ROLLBACK");
    }
  });
});
