// The event fields the gateway adds (issue 16): the call chain's decisions, the identity source, and the
// approval_reused flag Warden sets on a second event carrying the same approval id. Real HTTP, real Postgres.
import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "../../lib/db";
import type { EventDetail } from "../../lib/events/schema";
import { IngestEventsResponse } from "../../lib/ingest/schema";
import { createSignedInUser } from "../support/factories";
import { createTestGateway, gatewayApi } from "../support/gateways";
import { api, type Session } from "../support/http";
import { makeEvent } from "./event-factory";

let session: Session;
beforeAll(async () => {
  session = await createSignedInUser({ roles: ["security"] });
});

const detail = async (id: string): Promise<EventDetail> => {
  const res = await api(`/api/events/${id}`, { session });
  expect(res.status).toBe(200);
  return res.json;
};

const DECISIONS = [
  { stage: "policy", outcome: "allow" },
  { stage: "rate_limit", outcome: "skip", reason: null },
  { stage: "approval", outcome: "hold", reason: "rule 'writes need a reviewer' <b>matched</b>" },
  { stage: "approval", outcome: "allow", reason: "approved by 2 of 2" },
  { stage: "forward", outcome: "error", reason: "upstream timed out\nafter 30 s" },
  { stage: "output", outcome: "modify", reason: "secret redacted" },
  { stage: "budget", outcome: "deny" },
] as const;

describe("POST /api/v1/events gateway fields", { timeout: 60_000 }, () => {
  it("POST /api/v1/events stores decisions and identitySource, and GET /api/events/{id} returns them; older events have null", async () => {
    const gw = await createTestGateway();
    const withFields = makeEvent({ decisions: [...DECISIONS], identitySource: "config" });
    const jwt = makeEvent({ identitySource: "jwt" });
    const old = makeEvent();
    const res = await gatewayApi("/events", gw.apiKey, { body: { events: [withFields, jwt, old] } });
    expect(res.status).toBe(200);
    expect(IngestEventsResponse.parse(res.json)).toEqual({ accepted: 3, duplicates: 0 });

    const a = await detail(withFields.id);
    expect(a.identitySource).toBe("config");
    expect(a.decisions).toEqual(DECISIONS.map((d) => ({ ...d })));
    expect((await detail(jwt.id)).identitySource).toBe("jwt");
    const b = await detail(old.id);
    expect(b.decisions).toBeNull();
    expect(b.identitySource).toBeNull();
  });

  it("POST /api/v1/events refuses bad decisions and identity sources, naming the field, and stores nothing", async () => {
    const gw = await createTestGateway();
    const cases: [Record<string, unknown>, string][] = [
      [{ decisions: [{ stage: "policy", outcome: "maybe" }] }, "decisions[0].outcome"],
      [{ decisions: [{ stage: "x".repeat(41), outcome: "allow" }] }, "decisions[0].stage"],
      [{ decisions: [{ stage: "", outcome: "allow" }] }, "decisions[0].stage"],
      [{ decisions: [{ stage: "policy", outcome: "allow", reason: "r".repeat(501) }] }, "decisions[0].reason"],
      [{ decisions: [{ stage: "policy", outcome: "allow", reason: "nul\u0000" }] }, "decisions[0].reason"],
      [{ decisions: [{ stage: "policy", outcome: "allow", extra: 1 }] }, "decisions[0]"],
      [{ decisions: Array.from({ length: 17 }, () => ({ stage: "policy", outcome: "allow" })) }, "decisions"],
      [{ decisions: { stage: "policy", outcome: "allow" } }, "decisions"],
      [{ identitySource: "oidc" }, "identitySource"],
    ];
    for (const [over, path] of cases) {
      const e = { ...makeEvent(), ...over };
      const res = await gatewayApi("/events", gw.apiKey, { body: { events: [makeEvent(), e] } });
      expect(res.status, JSON.stringify(over).slice(0, 80)).toBe(400);
      expect(res.json.error.issues).toEqual(expect.arrayContaining([expect.objectContaining({ index: 1, path })]));
    }
    expect(await db().event.count({ where: { gatewayId: gw.gatewayId } })).toBe(0);
  });

  it("POST /api/v1/events flags approval_reused on an event whose approvalId another stored event carried, not on re-sends", async () => {
    const gw = await createTestGateway();
    const approvalId = randomUUID();
    const first = makeEvent({ approvalId, timestamp: new Date(Date.now() - 120_000).toISOString() });
    expect((await gatewayApi("/events", gw.apiKey, { body: { events: [first] } })).json).toEqual({ accepted: 1, duplicates: 0 });
    // A re-send of the first event (even with another timestamp) is a duplicate, not a reuse.
    const resent = await gatewayApi("/events", gw.apiKey, { body: { events: [{ ...first, timestamp: new Date(Date.now() - 60_000).toISOString() }] } });
    expect(resent.json).toEqual({ accepted: 0, duplicates: 1 });
    expect((await detail(first.id)).riskFlags).toEqual([]);

    // Another event (a retry of the call, from another gateway too) presenting the same approval.
    const other = await createTestGateway();
    const second = makeEvent({ approvalId, riskFlags: ["pii_redacted"] });
    expect((await gatewayApi("/events", other.apiKey, { body: { events: [second] } })).json).toEqual({ accepted: 1, duplicates: 0 });
    expect((await detail(second.id)).riskFlags).toEqual(["pii_redacted", "approval_reused"]);

    // Inside one batch: the earlier of two events with a fresh approval id claims it, the later is flagged.
    const shared = randomUUID();
    const early = makeEvent({ approvalId: shared, timestamp: new Date(Date.now() - 30_000).toISOString() });
    const late = makeEvent({ approvalId: shared, timestamp: new Date(Date.now() - 10_000).toISOString() });
    expect((await gatewayApi("/events", gw.apiKey, { body: { events: [late, early] } })).json).toEqual({ accepted: 2, duplicates: 0 });
    expect((await detail(early.id)).riskFlags).toEqual([]);
    expect((await detail(late.id)).riskFlags).toEqual(["approval_reused"]);

    // The flag counts like any other: in the flag rollups (what the risk-flag alert rules read) and as flagged.
    const flagRows = await db().rollupFlagMinute.findMany({ where: { gatewayId: { in: [gw.gatewayId, other.gatewayId] }, flag: "approval_reused" } });
    expect(flagRows.reduce((n, r) => n + r.calls, 0)).toBe(2);
    const flagged = await db().rollupMinute.aggregate({ where: { gatewayId: other.gatewayId }, _sum: { flagged: true } });
    expect(flagged._sum.flagged).toBe(1);
  });

  it("POST /api/v1/events flags all but one of the events that concurrent requests send with the same approvalId", async () => {
    const gw = await createTestGateway();
    const approvalId = randomUUID();
    const ts = new Date(Date.now() - 5_000).toISOString();
    const events = Array.from({ length: 6 }, () => makeEvent({ approvalId, timestamp: ts }));
    const results = await Promise.all(events.map((e) => gatewayApi("/events", gw.apiKey, { body: { events: [e] } })));
    expect(results.map((r) => r.json.accepted)).toEqual([1, 1, 1, 1, 1, 1]);
    const rows = await db().event.findMany({ where: { id: { in: events.map((e) => e.id) } } });
    expect(rows.filter((r) => r.riskFlags.includes("approval_reused"))).toHaveLength(5);
    expect(rows.filter((r) => r.riskFlags.length === 0)).toHaveLength(1);
  });
});
