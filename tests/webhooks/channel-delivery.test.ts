import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { inject } from "vitest";
import { db } from "../../lib/db";
import { raiseAlert } from "../../lib/alerts/raise-alert";
import { dispatchAlertNotifications } from "../../lib/alerts/dispatch-alert-notifications";
import { HAND_RAISED_SOURCE } from "../support/alerts";
import { createSignedInUser, uniq } from "../support/factories";
import { api, type Session } from "../support/http";
import { eventually, startReceiver, verifyWardenSignature, type Receiver } from "./receiver";

// Notification channels through the real server: deliveries are jobs run by the server's job queue, the
// receiver is a user's webhook endpoint on loopback (allowed through the admin allowlist). This process runs
// no job queue, as an instance with WARDEN_JOBS=0 (or heartbeat.test.ts's process, whose stale-gateway check
// routes every unrouted alert) does not: the deliveries it routes are queued for the server's workers all the
// same (they were marked failed, "not queued", and the channels never heard of those alerts).

let admin: Session;
let receiver: Receiver;

beforeAll(async () => {
  admin = await createSignedInUser({ roles: ["admin"] });
  receiver = await startReceiver();
  const allowed = await api("/api/allowed-hosts", { session: admin, method: "POST", body: { host: "127.0.0.1" } });
  expect([201, 409]).toContain(allowed.status);
});

afterAll(async () => {
  await receiver.close();
});

async function createChannel(body: Record<string, unknown>) {
  const res = await api("/api/channels", { session: admin, method: "POST", body: { name: uniq("channel"), ...body } });
  expect(res.status, res.text).toBe(201);
  return res.json as { channel: { id: string }; secret?: string };
}

const deliveriesOf = async (channelId: string) => (await api(`/api/channels/${channelId}/deliveries`, { session: admin })).json.deliveries as any[];

describe("POST /api/channels/{id}/test", () => {
  it("delivers a signed JSON notification that the receiver verifies with the secret shown once", async () => {
    const path = `/signed-${uniq("p")}`;
    const { channel, secret } = await createChannel({ type: "webhook", url: receiver.url(path), minSeverity: "info" });
    expect(secret).toMatch(/^whsec_/);
    expect((await api("/api/channels", { session: admin })).text).not.toContain(secret!);
    expect((await api(`/api/channels/${channel.id}/test`, { session: admin, method: "POST", body: {} })).status).toBe(202);
    const hook = await eventually(() => receiver.received.find((r) => r.path === path && r.json?.type === "alert.test"), 30_000, "the test notification");
    expect(verifyWardenSignature(hook.headers["x-warden-signature"], hook.body, secret!)).toBe(true);
    expect(hook.headers["x-warden-event"]).toBe("alert.test");
    expect(hook.json).toMatchObject({ type: "alert.test", alert: { title: "Test notification from Warden", severity: "info" } });
    // (the channel also receives whatever alerts other tests raise meanwhile)
    const d = await eventually(async () => (await deliveriesOf(channel.id)).find((x) => x.alertTitle === "Test notification" && x.status === "delivered"));
    expect(d).toMatchObject({ status: "delivered", attempts: 1, responseStatus: 200, alertTitle: "Test notification" });
  });

  it("retries after 500s with backoff through the job queue and logs every attempt", { timeout: 120_000 }, async () => {
    // (the channel also receives whatever alerts other tests raise meanwhile: only the test notification's
    // requests and delivery are counted)
    const path = `/flaky-${uniq("p")}`;
    const isTest = (h: { path: string; json: any }) => h.path === path && h.json?.type === "alert.test";
    let calls = 0;
    const previous = receiver.respond;
    receiver.respond = (h) => (isTest(h) ? (++calls <= 2 ? 500 : 204) : previous(h));
    const { channel } = await createChannel({ type: "webhook", url: receiver.url(path) });
    await api(`/api/channels/${channel.id}/test`, { session: admin, method: "POST", body: {} });
    const d = await eventually(
      async () => (await deliveriesOf(channel.id)).find((x) => x.alertTitle === "Test notification" && x.status === "delivered"),
      90_000,
      "the delivery after two 500s",
    );
    expect(d).toMatchObject({ responseStatus: 204, lastError: null });
    // Every attempt is one request and one line of the log (at least the two failures and the success).
    expect(d.attempts).toBeGreaterThanOrEqual(3);
    expect(receiver.received.filter(isTest)).toHaveLength(d.attempts);
  });

  it("sends Slack-compatible messages, unsigned, with untrusted names escaped", async () => {
    const path = `/slack-${uniq("p")}`;
    const { channel, secret } = await createChannel({ type: "slack", url: receiver.url(path), minSeverity: "critical", subjectType: "approval" });
    expect(secret).toBeUndefined();
    const [a] = await db().$transaction(async (tx) => [
      await raiseAlert(tx, {
        dedupeKey: uniq("slack-test"),
        source: HAND_RAISED_SOURCE,
        kind: "tool_call",
        severity: "critical",
        subjectType: "approval",
        subjectValue: "<!channel>",
        title: "Call to <!channel> & friends",
        explanation: "1 call to <!channel>",
      }),
    ]);
    await dispatchAlertNotifications();
    const hook = await eventually(() => receiver.received.find((r) => r.path === path && String(r.json?.text).includes("friends")), 30_000, "the Slack message");
    expect(hook.headers["x-warden-signature"]).toBeUndefined();
    expect(hook.json.text).toContain("Call to &lt;!channel&gt; &amp; friends");
    expect(hook.json.text).not.toContain("<!channel>");
    expect(hook.json.blocks[0].type).toBe("section");
    expect((await db().alertDelivery.findMany({ where: { channelId: channel.id, alertId: a.id } })).map((d) => d.alertId)).toEqual([a.id]);
  });
});

describe("routing and refusals", () => {
  it("routes alerts to channels by minimum severity and subject type; an alert is marked notified only with its deliveries, so a second router never shows it routed with none", async () => {
    const path = `/routed-${uniq("p")}`;
    const { channel } = await createChannel({ type: "webhook", url: receiver.url(path), minSeverity: "critical", subjectType: "gateway" });
    const raise = (severity: "warning" | "critical", subjectType: string) =>
      db().$transaction((tx) =>
        raiseAlert(tx, { dedupeKey: uniq("route"), source: HAND_RAISED_SOURCE, kind: "test", severity, subjectType, subjectValue: uniq("v"), title: `${severity} ${subjectType}`, explanation: "routing test" }),
      );
    const critical = await raise("critical", "gateway");
    const warning = await raise("warning", "gateway");
    const other = await raise("critical", "budget");
    // Another router is at work meanwhile, as the server's is after any heartbeat, tool report or detector run
    // of the other files: here it waits on the critical alert's incident (a lock held by this test), in the
    // middle of routing it. Until it is done, the critical alert must not read as notified: when the claim
    // committed before the deliveries, this test (and incidents.test.ts) saw all three notified, read the
    // deliveries, and found none (and a crash there would have lost the notification).
    const incidentId = (await db().alert.findUniqueOrThrow({ where: { id: critical.id } })).incidentId;
    expect(incidentId).not.toBeNull();
    const holder = new pg.Client({ connectionString: inject("databaseUrl") });
    await holder.connect();
    await holder.query("BEGIN");
    await holder.query("SELECT pg_advisory_xact_lock(hashtext($1))", [incidentId]);
    const busy = dispatchAlertNotifications();
    try {
      const waiting = "SELECT 1 FROM pg_locks WHERE locktype = 'advisory' AND NOT granted AND objsubid = 1 AND objid::text::bigint = (hashtext($1)::bigint & 4294967295)";
      await eventually(async () => (await holder.query(waiting, [incidentId])).rowCount! > 0, 30_000, "a router waiting on the incident");
      await dispatchAlertNotifications();
      expect((await db().alert.findUniqueOrThrow({ where: { id: critical.id } })).notifiedAt).toBeNull();
    } finally {
      await holder.query("COMMIT");
      await holder.end();
      await busy;
    }
    await dispatchAlertNotifications();
    await eventually(async () => (await db().alert.count({ where: { id: { in: [critical.id, warning.id, other.id] }, notifiedAt: { not: null } } })) === 3, 90_000, "routing");
    // (of these three: the channel may also receive critical gateway alerts other tests raise meanwhile)
    const routed = await db().alertDelivery.findMany({ where: { channelId: channel.id, alertId: { in: [critical.id, warning.id, other.id] } } });
    expect(routed.map((d) => d.alertId)).toEqual([critical.id]);
    const hook = await eventually(() => receiver.received.find((r) => r.path === path && r.json?.alert?.id === critical.id), 30_000, "the routed alert");
    expect(hook.json).toMatchObject({ type: "alert.opened", alert: { id: critical.id, severity: "critical", subjectType: "gateway" } });
  });

  it("routes an incident's alerts oldest first: while another router holds the oldest, the next one waits, and the channel hears of the incident by its first alert", async () => {
    const path = `/order-${uniq("p")}`;
    const { channel } = await createChannel({ type: "webhook", url: receiver.url(path), minSeverity: "critical" });
    const tool = uniq("tool");
    const raise = (minutesAgo: number) =>
      db().$transaction((tx) =>
        raiseAlert(tx, { dedupeKey: uniq("order"), source: HAND_RAISED_SOURCE, kind: "error_rate", severity: "critical", subjectType: "tool", subjectValue: tool, title: `errors on ${tool}`, explanation: "ordering test", now: new Date(Date.now() - minutesAgo * 60_000) }),
      );
    const first = await raise(2);
    const second = await raise(1);
    const rows = await db().alert.findMany({ where: { id: { in: [first.id, second.id] } } });
    expect(new Set(rows.map((r) => r.incidentId)).size).toBe(1);
    // Another router has the first alert (its row locked, as while routing it); this one must leave the second.
    const holder = new pg.Client({ connectionString: inject("databaseUrl") });
    await holder.connect();
    try {
      await holder.query("BEGIN");
      await holder.query("SELECT 1 FROM alerts WHERE id = $1 FOR NO KEY UPDATE", [first.id]);
      await dispatchAlertNotifications();
      expect((await db().alert.findUniqueOrThrow({ where: { id: second.id } })).notifiedAt).toBeNull();
    } finally {
      await holder.query("COMMIT");
      await holder.end();
    }
    await eventually(async () => {
      await dispatchAlertNotifications();
      return (await db().alert.count({ where: { id: { in: [first.id, second.id] }, notifiedAt: { not: null } } })) === 2;
    }, 60_000, "routing");
    const routed = await db().alertDelivery.findMany({ where: { channelId: channel.id, alertId: { in: [first.id, second.id] } } });
    expect(routed.map((d) => d.alertId)).toEqual([first.id]);
  });

  it("refuses a channel URL that resolves to a private address, with the reason, and fails at once a delivery whose host is no longer allowed", async () => {
    const refused = await api("/api/channels", { session: admin, method: "POST", body: { name: uniq("c"), type: "webhook", url: "http://10.1.2.3/hook" } });
    expect(refused.status).toBe(400);
    expect(refused.json.error.issues).toEqual([{ path: "url", message: expect.stringContaining("private address (10.1.2.3)") }]);

    expect((await api("/api/allowed-hosts", { session: admin, method: "POST", body: { host: "127.0.0.7" } })).status).toBe(201);
    const { channel } = await createChannel({ type: "webhook", url: "http://127.0.0.7:9/hook" });
    expect((await api("/api/allowed-hosts/127.0.0.7", { session: admin, method: "DELETE" })).status).toBe(200);
    await api(`/api/channels/${channel.id}/test`, { session: admin, method: "POST", body: {} });
    const d = await eventually(async () => (await deliveriesOf(channel.id)).find((x) => x.alertTitle === "Test notification" && x.status === "failed"), 30_000, "the refused delivery");
    expect(d.attempts).toBe(1);
    expect(d.lastError).toContain("loopback address (127.0.0.7)");
    const audit = await db().auditLog.findMany({ where: { targetType: "allowed_webhook_host", targetId: "127.0.0.7" }, orderBy: { seq: "asc" } });
    expect(audit.map((e) => e.action)).toEqual(["allowed_host.add", "allowed_host.remove"]);
  });
});
