import { describe, expect, it } from "vitest";
import { db } from "../../lib/db";
import { FindGatewaysResponse, HeartbeatResponse, type HeartbeatBody } from "../../lib/gateways/schema";
import { raiseStaleGatewayAlerts } from "../../lib/gateways/raise-stale-gateway-alerts";
import { createSignedInUser } from "../support/factories";
import { createTestGateway, gatewayApi } from "../support/gateways";
import { api } from "../support/http";
import { makeEvents } from "../ingest/event-factory";

function heartbeat(over: Partial<HeartbeatBody> = {}): HeartbeatBody {
  return {
    gatewayVersion: "0.1.0",
    policyEtag: '"abc"',
    policyAgeSeconds: 4,
    spool: { depthEvents: 2, depthBytes: 900, capBytes: 1_000_000 },
    counters: { calls: 12, spooled: 12, sent: 10, deadLettered: 0, dropped: 0 },
    failOpen: [],
    upstreams: [{ name: "everything", status: "up", restarts: 0 }],
    startedAt: new Date(Date.now() - 60_000).toISOString(),
    ...over,
  };
}

async function gatewayRow(gatewayId: string) {
  const admin = await createSignedInUser({ roles: ["security"] });
  const list = await api("/api/gateways", { session: admin });
  expect(list.status).toBe(200);
  return FindGatewaysResponse.parse(list.json).gateways.find((g) => g.id === gatewayId)!;
}

/** The heavy output scan's counters as a gateway reports them (docs/guards.md "Two speeds"). */
function heavy(over: Partial<NonNullable<HeartbeatBody["heavyOutputs"]>> = {}): NonNullable<HeartbeatBody["heavyOutputs"]> {
  return { queued: 40, scanned: 38, dropped: 0, deduped: 5, truncated: 1, flagged: 2, failed: 0, waiting: 2, lateFlags: { pending: 1, delivered: 1, dropped: 0 }, ...over };
}

const liveAlerts = (gatewayId: string) =>
  db().alert.findMany({ where: { source: "gateway", subjectValue: gatewayId, status: { in: ["open", "acknowledged"] } }, orderBy: { kind: "asc" } });

describe("POST /api/v1/heartbeat", () => {
  it("stores the latest heartbeat; GET /api/gateways shows it alive with its counters and reporting coverage (events sent vs received)", async () => {
    const gw = await createTestGateway();
    const startedAt = new Date(Date.now() - 120_000).toISOString();
    expect((await gatewayApi("/events", gw.apiKey, { body: { events: makeEvents(7) } })).status).toBe(200);
    const res = await gatewayApi("/heartbeat", gw.apiKey, { body: heartbeat({ startedAt, counters: { calls: 9, spooled: 9, sent: 7, deadLettered: 0, dropped: 0 } }) });
    expect(res.status).toBe(200);
    expect(HeartbeatResponse.parse(res.json)).toEqual({ ok: true, staleAfterSeconds: 90 });

    const second = await gatewayApi("/heartbeat", gw.apiKey, {
      body: heartbeat({ startedAt, intervalSeconds: 10, policyEtag: '"def"', counters: { calls: 10, spooled: 10, sent: 8, deadLettered: 0, dropped: 0 } }),
    });
    expect(second.json.staleAfterSeconds).toBe(30);
    // A sub-second interval (rounded to 0 by the gateway) counts as 1 s.
    const fast = await createTestGateway();
    expect((await gatewayApi("/heartbeat", fast.apiKey, { body: heartbeat({ intervalSeconds: 0 }) })).json.staleAfterSeconds).toBe(3);
    const row = await gatewayRow(gw.gatewayId);
    expect(row.heartbeat).toMatchObject({
      status: "alive",
      gatewayVersion: "0.1.0",
      policyEtag: '"def"',
      policyAgeSeconds: 4,
      staleAfterSeconds: 30,
      startedAt,
      spool: { depthEvents: 2, depthBytes: 900, capBytes: 1_000_000 },
      counters: { calls: 10, sent: 8 },
      upstreams: [{ name: "everything", status: "up", restarts: 0 }],
      receivedSinceStart: 7,
    });
    expect(await db().gatewayHeartbeat.count({ where: { gatewayId: gw.gatewayId } })).toBe(1);
  });

  it("a fail-open setting raises an alert per setting, resolved once the gateway stops reporting it", async () => {
    const gw = await createTestGateway();
    const drop = { setting: "spool.whenFull", detail: "drop: calls go through unrecorded when the spool is full" };
    const guard = { setting: "guards.secrets", detail: "off" };
    expect((await gatewayApi("/heartbeat", gw.apiKey, { body: heartbeat({ failOpen: [drop, guard] }) })).status).toBe(200);
    expect((await gatewayApi("/heartbeat", gw.apiKey, { body: heartbeat({ failOpen: [drop, guard] }) })).status).toBe(200);
    let alerts = await liveAlerts(gw.gatewayId);
    expect(alerts.map((a) => a.kind)).toEqual(["gateway_fail_open", "gateway_fail_open"]);
    expect(alerts.map((a) => a.title).sort()).toEqual([
      expect.stringContaining("guards.secrets"),
      expect.stringContaining("spool.whenFull"),
    ]);
    expect(alerts.every((a) => a.subjectType === "gateway")).toBe(true);

    expect((await gatewayApi("/heartbeat", gw.apiKey, { body: heartbeat({ failOpen: [guard] }) })).status).toBe(200);
    alerts = await liveAlerts(gw.gatewayId);
    expect(alerts.map((a) => a.title)).toEqual([expect.stringContaining("guards.secrets")]);
    expect((await gatewayRow(gw.gatewayId)).heartbeat?.failOpen).toEqual([guard]);

    expect((await gatewayApi("/heartbeat", gw.apiKey, { body: heartbeat({ failOpen: [] }) })).status).toBe(200);
    expect(await liveAlerts(gw.gatewayId)).toEqual([]);
  });

  it("dead-lettered or dropped records since the previous heartbeat raise an alert; unchanged counters do not", async () => {
    const gw = await createTestGateway();
    const startedAt = new Date().toISOString();
    const counters = { calls: 5, spooled: 5, sent: 5, deadLettered: 0, dropped: 0 };
    await gatewayApi("/heartbeat", gw.apiKey, { body: heartbeat({ startedAt, counters }) });
    expect(await liveAlerts(gw.gatewayId)).toEqual([]);
    await gatewayApi("/heartbeat", gw.apiKey, { body: heartbeat({ startedAt, counters: { ...counters, deadLettered: 2 } }) });
    const [lost] = await liveAlerts(gw.gatewayId);
    expect(lost).toMatchObject({ kind: "gateway_lost_records", severity: "warning", value: 2 });
    await db().alert.update({ where: { id: lost.id }, data: { status: "resolved", openKey: null } });
    await gatewayApi("/heartbeat", gw.apiKey, { body: heartbeat({ startedAt, counters: { ...counters, deadLettered: 2 } }) });
    expect(await liveAlerts(gw.gatewayId)).toEqual([]);
    await gatewayApi("/heartbeat", gw.apiKey, { body: heartbeat({ startedAt, counters: { ...counters, deadLettered: 2, dropped: 1 } }) });
    expect(await liveAlerts(gw.gatewayId)).toMatchObject([{ kind: "gateway_lost_records", severity: "critical", value: 1 }]);
  });

  it("stores the heavy output scan's counters with the heartbeat and shows them per gateway: 'not reported' without them, 'off' when the gateway reports the scan off (one fail-open alert, no other)", async () => {
    const gw = await createTestGateway();
    expect((await gatewayApi("/heartbeat", gw.apiKey, { body: heartbeat({ heavyOutputs: heavy({ dropped: 12 }) }) })).status).toBe(200);
    const row = await gatewayRow(gw.gatewayId);
    expect(row.heartbeat?.heavyOutputs).toEqual({ status: "reported", ...heavy({ dropped: 12 }) });
    expect(row.heartbeat?.counters).toEqual({ calls: 12, spooled: 12, sent: 10, deadLettered: 0, dropped: 0 });

    // An older gateway's heartbeat, without the field: accepted, and shown as not reported rather than zeros.
    const legacy = await createTestGateway();
    expect((await gatewayApi("/heartbeat", legacy.apiKey, { body: heartbeat() })).status).toBe(200);
    expect((await gatewayRow(legacy.gatewayId)).heartbeat?.heavyOutputs).toEqual({ status: "not_reported" });

    const off = await createTestGateway();
    const setting = { setting: "guards.heavyOutputs", detail: "off: outputs are not scanned by the heavy rules" };
    expect((await gatewayApi("/heartbeat", off.apiKey, { body: heartbeat({ failOpen: [setting] }) })).status).toBe(200);
    expect((await gatewayRow(off.gatewayId)).heartbeat?.heavyOutputs).toEqual({ status: "off", ...setting });
    expect((await liveAlerts(off.gatewayId)).map((a) => a.kind)).toEqual(["gateway_fail_open"]);
  });

  it("outputs left unscanned since the previous heartbeat raise one warning alert naming the count; unchanged counters do not, and counters restart with the gateway", async () => {
    const gw = await createTestGateway();
    const startedAt = new Date().toISOString();
    await gatewayApi("/heartbeat", gw.apiKey, { body: heartbeat({ startedAt, heavyOutputs: heavy() }) });
    expect(await liveAlerts(gw.gatewayId)).toEqual([]);
    await gatewayApi("/heartbeat", gw.apiKey, { body: heartbeat({ startedAt, heavyOutputs: heavy({ dropped: 12 }) }) });
    const [unscanned] = await liveAlerts(gw.gatewayId);
    expect(unscanned).toMatchObject({ kind: "gateway_heavy_unscanned", severity: "warning", value: 12, openKey: `gateway:${gw.gatewayId}:heavy_unscanned` });
    expect(unscanned.title).toContain(gw.name);
    expect(unscanned.explanation).toContain("12 output(s) unscanned: the heavy queue was full");
    // Same counters: nothing new; more drops (and a failed scan) update the one live alert.
    await gatewayApi("/heartbeat", gw.apiKey, { body: heartbeat({ startedAt, heavyOutputs: heavy({ dropped: 12 }) }) });
    expect(await liveAlerts(gw.gatewayId)).toMatchObject([{ id: unscanned.id, value: 12 }]);
    await gatewayApi("/heartbeat", gw.apiKey, { body: heartbeat({ startedAt, heavyOutputs: heavy({ dropped: 15, failed: 1 }) }) });
    const [grown] = await liveAlerts(gw.gatewayId);
    expect(grown).toMatchObject({ id: unscanned.id, value: 4 });
    expect(grown.explanation).toContain("1 scan(s) failed");

    await db().alert.update({ where: { id: unscanned.id }, data: { status: "resolved", openKey: null } });
    // The gateway restarted: its counters start again from zero, so 5 dropped are 5 new ones.
    await gatewayApi("/heartbeat", gw.apiKey, { body: heartbeat({ startedAt: new Date(Date.now() + 1000).toISOString(), heavyOutputs: heavy({ dropped: 5 }) }) });
    expect(await liveAlerts(gw.gatewayId)).toMatchObject([{ kind: "gateway_heavy_unscanned", value: 5 }]);
  });

  it("a gateway whose heartbeats stop gets a critical 'stopped reporting' alert; its next heartbeat resolves it", async () => {
    const gw = await createTestGateway();
    await gatewayApi("/heartbeat", gw.apiKey, { body: heartbeat({ intervalSeconds: 5 }) });
    expect(await raiseStaleGatewayAlerts({ now: new Date(Date.now() + 10_000) })).not.toContain(gw.gatewayId);
    expect(await raiseStaleGatewayAlerts({ now: new Date(Date.now() + 16_000) })).toContain(gw.gatewayId);
    expect(await liveAlerts(gw.gatewayId)).toMatchObject([{ kind: "gateway_stale", severity: "critical", baseline: 5 }]);
    await db().gatewayHeartbeat.update({ where: { gatewayId: gw.gatewayId }, data: { receivedAt: new Date(Date.now() - 60_000) } });
    expect((await gatewayRow(gw.gatewayId)).heartbeat?.status).toBe("stale");

    await gatewayApi("/heartbeat", gw.apiKey, { body: heartbeat({ intervalSeconds: 5 }) });
    expect(await liveAlerts(gw.gatewayId)).toEqual([]);
    expect((await gatewayRow(gw.gatewayId)).heartbeat?.status).toBe("alive");

    // Silent again; a person resolves the alert (the gateway was taken down on purpose): it stays resolved
    // until the gateway reports again.
    expect(await raiseStaleGatewayAlerts({ now: new Date(Date.now() + 16_000) })).toContain(gw.gatewayId);
    const [stale] = await liveAlerts(gw.gatewayId);
    const admin = await createSignedInUser({ roles: ["admin"] });
    expect((await api(`/api/alerts/${stale.id}/resolve`, { session: admin, method: "POST", body: {} })).status).toBe(200);
    expect(await raiseStaleGatewayAlerts({ now: new Date(Date.now() + 60_000) })).not.toContain(gw.gatewayId);
    expect(await liveAlerts(gw.gatewayId)).toEqual([]);
  });

  it("refuses a body that breaks the contract with a 400 naming the field, and a key without heartbeat:write with a 403", async () => {
    const gw = await createTestGateway();
    const cases: [unknown, string][] = [
      [{ ...heartbeat(), extra: 1 }, "extra"],
      [{ ...heartbeat(), counters: { calls: -1, spooled: 0, sent: 0, deadLettered: 0, dropped: 0 } }, "counters"],
      [{ ...heartbeat(), upstreams: [{ name: "x", status: "sleeping", restarts: 0 }] }, "upstreams"],
      [{ ...heartbeat(), startedAt: "yesterday" }, "startedAt"],
      [{ ...heartbeat(), failOpen: Array.from({ length: 33 }, (_, i) => ({ setting: `s${i}`, detail: "" })) }, "failOpen"],
      [{ ...heartbeat(), gatewayVersion: "x".repeat(65) }, "gatewayVersion"],
      [{ ...heartbeat(), heavyOutputs: heavy({ dropped: -1 }) }, "heavyOutputs"],
      [{ ...heartbeat(), heavyOutputs: { ...heavy(), scanned: "38" } }, "heavyOutputs"],
      [{ ...heartbeat(), heavyOutputs: heavy({ queued: 2 ** 60 }) }, "heavyOutputs"],
      [{ ...heartbeat(), heavyOutputs: { ...heavy(), lateFlags: { pending: 0, delivered: 0 } } }, "heavyOutputs"],
    ];
    for (const [body, field] of cases) {
      const res = await gatewayApi("/heartbeat", gw.apiKey, { body });
      expect(res.status, field).toBe(400);
      expect(JSON.stringify(res.json.error), field).toContain(field);
    }
    const limited = await createTestGateway({ scopes: ["events:write", "policy:read"] });
    const refused = await gatewayApi("/heartbeat", limited.apiKey, { body: heartbeat() });
    expect(refused.status).toBe(403);
    expect(refused.json.error.code).toBe("forbidden");
  });
});
