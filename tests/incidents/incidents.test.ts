import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { db } from "../../lib/db";
import { raiseAlert, type RaiseAlertOptions } from "../../lib/alerts/raise-alert";
import { dispatchAlertNotifications } from "../../lib/alerts/dispatch-alert-notifications";
import { startJobs, stopJobs } from "../../lib/jobs/job-runner";
import { runDetectors } from "../../lib/anomaly/run-detectors";
import { disableChannelsTo } from "../support/channels";
import { HAND_RAISED_SOURCE } from "../support/alerts";
import { createSignedInUser, uniq } from "../support/factories";
import { createTestGateway, gatewayApi } from "../support/gateways";
import { api, type Session } from "../support/http";
import { eventually, startReceiver, type Receiver } from "../webhooks/receiver";

// Related alerts raised through the lib functions (as the detectors and domains do) form one incident on
// the shared test Warden, and a webhook channel on loopback hears about the incident once.

let admin: Session;
let receiver: Receiver;

beforeAll(async () => {
  admin = await createSignedInUser({ roles: ["admin"] });
  receiver = await startReceiver();
  const allowed = await api("/api/allowed-hosts", { session: admin, method: "POST", body: { host: "127.0.0.1" } });
  expect([201, 409]).toContain(allowed.status);
  // This process only sends jobs (routing enqueues deliveries); the server's workers run them.
  await startJobs(inject("databaseUrl"), []);
});

afterAll(async () => {
  await disableChannelsTo(receiver.url(""));
  await receiver.close();
  await stopJobs();
});

describe("incidents", () => {
  it("one Postgres outage's 7 critical alerts (a tool, a server, four teams) open one incident, notified once per channel; an unrelated alert is its own incident", { timeout: 120_000 }, async () => {
    const server = uniq("postgres");
    const tool = `${server}.query`;
    const teams = ["billing", "search", "reports", "ops"].map((t) => uniq(t));
    const now = Date.now();
    // The window's traffic: the four teams only call this tool.
    const gatewayId = randomUUID();
    await db().rollupMinute.createMany({
      data: teams.map((team) => ({ bucket: new Date(Math.floor((now - 5 * 60_000) / 60_000) * 60_000), gatewayId, server, tool, team, calls: 10, errors: 9 })),
    });
    const path = `/incident-${uniq("p")}`;
    const created = await api("/api/channels", { session: admin, method: "POST", body: { name: uniq("channel"), type: "webhook", url: receiver.url(path), minSeverity: "critical" } });
    expect(created.status, created.text).toBe(201);
    const channelId = created.json.channel.id as string;

    const raise = (subjectType: string, subjectValue: string, kind: string, minutesAgo: number) =>
      db().$transaction((tx) =>
        raiseAlert(tx, {
          dedupeKey: uniq(`incident-test:${kind}`),
          source: HAND_RAISED_SOURCE,
          kind,
          severity: "critical",
          subjectType,
          subjectValue,
          title: `${kind} on ${subjectValue}`,
          explanation: "Postgres is down",
          now: new Date(now - minutesAgo * 60_000),
        } satisfies RaiseAlertOptions),
      );
    const outage = [
      await raise("tool", tool, "error_rate", 4),
      await raise("tool", tool, "latency", 3.5),
      await raise("server", server, "error_rate", 3),
      ...(await Promise.all(teams.map((team, i) => raise("team", team, "error_rate", 3 - i * 0.5)))),
    ];
    const unrelated = await raise("server", uniq("github"), "error_rate", 3);

    const alerts = await db().alert.findMany({ where: { id: { in: outage.map((a) => a.id) } }, include: { incident: true } });
    expect(alerts).toHaveLength(7);
    expect(new Set(alerts.map((a) => a.incidentId)).size).toBe(1);
    expect(alerts[0].incident).toMatchObject({ severity: "critical", title: `error_rate on ${tool}` });
    const other = await db().alert.findUniqueOrThrow({ where: { id: unrelated.id } });
    expect(other.incidentId).not.toBeNull();
    expect(other.incidentId).not.toBe(alerts[0].incidentId);

    await runDetectors({ waitForLock: true }); // as the server's minute run may: it leaves these alerts open
    const ids = [...outage.map((a) => a.id), unrelated.id];
    await eventually(async () => {
      await dispatchAlertNotifications();
      return (await db().alert.count({ where: { id: { in: ids }, notifiedAt: { not: null } } })) === ids.length;
    }, 60_000, "routing");
    const deliveries = await db().alertDelivery.findMany({ where: { channelId, alertId: { in: ids } } });
    expect(deliveries.map((d) => d.alertId).sort()).toEqual([outage[0].id, unrelated.id].sort());
    const hook = await eventually(() => receiver.received.find((r) => r.path === path && r.json?.alert?.id === outage[0].id), 90_000, "the incident's notification");
    expect(hook.json).toMatchObject({ type: "alert.opened", alert: { id: outage[0].id, incidentId: alerts[0].incidentId } });

    // GET /api/incidents: the incident with its 7 alerts, its one notification to this channel, and a timeline.
    // By id: other files raise alerts on the shared Warden at the same time, so this one need not be among the newest.
    // status=all, so the check does not depend on whether the alerts are still open.
    const list = await api(`/api/incidents?status=all&id=${alerts[0].incidentId}`, { session: admin });
    expect(list.status, list.text).toBe(200);
    const incident = list.json.incidents.find((i: { id: string }) => i.id === alerts[0].incidentId);
    expect(incident).toMatchObject({ title: `error_rate on ${tool}`, severity: "critical" });
    expect(incident.alerts.map((a: { id: string }) => a.id).sort()).toEqual(outage.map((a) => a.id).sort());
    expect(incident.timeline.filter((t: { what: string }) => t.what === "alert_opened")).toHaveLength(7);
    expect(incident.timeline.filter((t: { what: string; text: string }) => t.what === "notified" && t.text.includes(String(receiver.port)))).toHaveLength(1);
  });

  it("a user's burst on a failing tool and the tool's error alert open one incident, notified once; a user who also called another tool is its own incident", { timeout: 120_000 }, async () => {
    const gw = await createTestGateway();
    const server = uniq("pg");
    const tool = `${server}.query`;
    const [burster, mixed] = [uniq("user"), uniq("user")];
    const now = Date.now();
    // The window's traffic, posted as a gateway does: the burster only called the failing tool; the other
    // user called it twice and a GitHub tool six times (its burst is mostly GitHub calls).
    const event = (userId: string, t: { server: string; tool: string }, i: number) => ({
      id: randomUUID(),
      timestamp: new Date(now - 5 * 60_000 + i * 1000).toISOString(),
      userId,
      team: "billing",
      ...t,
      status: i % 3 ? "error" : "ok",
    });
    const github = { server: uniq("github"), tool: "search" };
    const events = [
      ...Array.from({ length: 30 }, (_, i) => event(burster, { server, tool }, i)),
      ...Array.from({ length: 2 }, (_, i) => event(mixed, { server, tool }, i)),
      ...Array.from({ length: 6 }, (_, i) => event(mixed, github, i)),
    ];
    const posted = await gatewayApi("/events", gw.apiKey, { body: { events } });
    expect(posted.status, posted.text).toBe(200);
    const path = `/incident-${uniq("p")}`;
    const created = await api("/api/channels", { session: admin, method: "POST", body: { name: uniq("channel"), type: "webhook", url: receiver.url(path), minSeverity: "warning" } });
    expect(created.status, created.text).toBe(201);
    const channelId = created.json.channel.id as string;

    const raise = (subjectType: string, subjectValue: string, kind: string, severity: "warning" | "critical", minutesAgo: number) =>
      db().$transaction((tx) =>
        raiseAlert(tx, {
          dedupeKey: uniq(`incident-test:${kind}`),
          source: HAND_RAISED_SOURCE,
          kind,
          severity,
          subjectType,
          subjectValue,
          title: `${kind} on ${subjectValue}`,
          explanation: "a burst on a failing tool",
          now: new Date(now - minutesAgo * 60_000),
        } satisfies RaiseAlertOptions),
      );
    const toolAlert = await raise("tool", tool, "anomaly.error_rate", "critical", 3);
    const burst = await raise("user", burster, "anomaly.calls", "warning", 2);
    const other = await raise("user", mixed, "anomaly.calls", "warning", 2);

    const rows = await db().alert.findMany({ where: { id: { in: [toolAlert.id, burst.id, other.id] } } });
    const incidentOf = new Map(rows.map((a) => [a.id, a.incidentId]));
    expect(incidentOf.get(toolAlert.id)).not.toBeNull();
    expect(incidentOf.get(burst.id)).toBe(incidentOf.get(toolAlert.id));
    expect(incidentOf.get(other.id)).not.toBeNull();
    expect(incidentOf.get(other.id)).not.toBe(incidentOf.get(toolAlert.id));

    await runDetectors({ waitForLock: true }); // as the server's minute run may: it leaves these alerts open
    const ids = [toolAlert.id, burst.id, other.id];
    await eventually(async () => {
      await dispatchAlertNotifications();
      return (await db().alert.count({ where: { id: { in: ids }, notifiedAt: { not: null } } })) === ids.length;
    }, 60_000, "routing");
    const deliveries = await db().alertDelivery.findMany({ where: { channelId, alertId: { in: ids } } });
    expect(deliveries.map((d) => d.alertId).sort()).toEqual([toolAlert.id, other.id].sort());
  });

  it("GET /api/incidents names a bad query field (400) and needs alerts:read (403 for a reviewer)", async () => {
    const bad = await api("/api/incidents?status=nope", { session: admin });
    expect(bad.status).toBe(400);
    expect(bad.json.error.issues).toEqual([expect.objectContaining({ path: "status" })]);
    const badId = await api("/api/incidents?id=42", { session: admin });
    expect(badId.status).toBe(400);
    expect(badId.json.error.issues).toEqual([expect.objectContaining({ path: "id" })]);
    const reviewer = await createSignedInUser({ roles: ["reviewer"] });
    expect((await api("/api/incidents", { session: reviewer })).status).toBe(403);
  });
});
