import { beforeAll, describe, expect, it } from "vitest";
import { db } from "../../lib/db";
import { raiseAlert } from "../../lib/alerts/raise-alert";
import { HAND_RAISED_SOURCE } from "../support/alerts";
import { createSignedInUser, uniq } from "../support/factories";
import { api, type Session } from "../support/http";

// The dashboard APIs of alerting, over HTTP against the test server. Alerts are raised with the same lib
// function the detectors and budgets use; every name is unique, so assertions stay exact in a shared database.
// They are raised with a source the detector does not own (tests/support/alerts.ts): as "rule" alerts with no
// rule, the shared Warden's minute detector run resolved them whenever it fell between raising and reading
// (an acknowledge answered 409, the open list came back empty). Only the markers test needs anomaly and rule
// alerts, and raises them in 2029: an alert last seen in the future is never past its quiet period.

let security: Session & { id: string };
let manager: Session;
let admin: Session;

beforeAll(async () => {
  security = await createSignedInUser({ roles: ["security"] });
  manager = await createSignedInUser({ roles: ["manager"] });
  admin = await createSignedInUser({ roles: ["admin"] });
});

const raise = (opts: { title: string; severity?: "info" | "warning" | "critical"; subjectType?: string; source?: "rule" | "anomaly" | "budget" | typeof HAND_RAISED_SOURCE; now?: Date }) =>
  db().$transaction((tx) =>
    raiseAlert(tx, {
      dedupeKey: uniq("api-test"),
      source: opts.source ?? HAND_RAISED_SOURCE,
      kind: "test",
      severity: opts.severity ?? "warning",
      subjectType: opts.subjectType ?? "tool",
      subjectValue: uniq("subject"),
      title: opts.title,
      explanation: "a test alert",
      now: opts.now,
    }),
  );

describe("alert lifecycle over the API", () => {
  it("POST /api/alerts/{id}/acknowledge and /resolve record who did it and their comment; repeats are 409", async () => {
    const { id } = await raise({ title: uniq("Lifecycle") });
    expect((await api(`/api/alerts/${id}/acknowledge`, { session: manager, method: "POST", body: {} })).status).toBe(403);

    const ack = await api(`/api/alerts/${id}/acknowledge`, { session: security, method: "POST", body: { comment: "looking into it" } });
    expect(ack.status).toBe(200);
    expect(ack.json.alert).toMatchObject({ id, status: "acknowledged", acknowledgedBy: security.id });
    const again = await api(`/api/alerts/${id}/acknowledge`, { session: security, method: "POST", body: {} });
    expect(again.status).toBe(409);
    expect(again.json.error.message).toBe("The alert is already acknowledged.");

    const resolved = await api(`/api/alerts/${id}/resolve`, { session: security, method: "POST", body: { comment: "rolled back the deploy" } });
    expect(resolved.json.alert).toMatchObject({ status: "resolved", autoResolved: false });
    expect((await api(`/api/alerts/${id}/resolve`, { session: security, method: "POST", body: {} })).status).toBe(409);
    const row = await db().alert.findUniqueOrThrow({ where: { id } });
    expect(row.openKey).toBeNull();

    const detail = await api(`/api/alerts/${id}`, { session: manager });
    expect(detail.json.alert.history).toEqual([
      { at: expect.any(String), action: "alert.acknowledge", actorEmail: security.email, comment: "looking into it" },
      { at: expect.any(String), action: "alert.resolve", actorEmail: security.email, comment: "rolled back the deploy" },
    ]);
    expect((await api(`/api/alerts/${id}/resolve`, { session: security, method: "POST", body: { comment: "x".repeat(2001) } })).status).toBe(400);
    expect((await api("/api/alerts/not-a-uuid", { session: security })).status).toBe(404);
  });

  it("GET /api/alerts filters by status, severity, subject and text", async () => {
    const token = uniq("filter");
    const a = await raise({ title: `${token} one`, severity: "critical", subjectType: "gateway" });
    await raise({ title: `${token} two`, severity: "warning", subjectType: "tool" });
    const c = await raise({ title: `${token} three`, severity: "info", subjectType: "tool" });
    await api(`/api/alerts/${c.id}/resolve`, { session: security, method: "POST", body: {} });
    const titles = async (q: string) => ((await api(`/api/alerts?q=${token}${q}`, { session: manager })).json.alerts as { title: string }[]).map((x) => x.title).sort();
    expect(await titles("")).toEqual([`${token} one`, `${token} two`]);
    expect(await titles("&status=all")).toEqual([`${token} one`, `${token} three`, `${token} two`]);
    expect(await titles("&status=resolved")).toEqual([`${token} three`]);
    expect(await titles("&severity=critical")).toEqual([`${token} one`]);
    expect(await titles("&subjectType=tool&status=all")).toEqual([`${token} three`, `${token} two`]);
    expect((await api(`/api/alerts?status=bogus`, { session: manager })).status).toBe(400);
    const count = await api("/api/alerts/count", { session: manager });
    expect(count.json.open).toBeGreaterThanOrEqual(2);
    expect(count.json.critical).toBeGreaterThanOrEqual(1);
    expect((await api(`/api/alerts/${a.id}`, { session: manager })).json.alert.title).toBe(`${token} one`);
  });

  it("GET /api/alerts/markers returns the anomalies and rule alerts that started in the range", async () => {
    const day = new Date(Date.UTC(2029, 4, 5, 10, 0));
    const inRange = await raise({ title: uniq("marker"), source: "anomaly", now: day });
    await raise({ title: uniq("budget marker"), source: "budget", now: day });
    await raise({ title: uniq("late marker"), source: "rule", now: new Date(Date.UTC(2029, 4, 6, 10)) });
    const res = await api(`/api/alerts/markers?from=2029-05-05T00:00:00Z&to=2029-05-05T23:59:59Z`, { session: manager });
    expect(res.status).toBe(200);
    expect(res.json.markers.map((m: { id: string }) => m.id)).toEqual([inRange.id]);
    expect(res.json.markers[0]).toMatchObject({ at: day.toISOString(), until: null, status: "open" });
    expect((await api(`/api/alerts/markers?from=yesterday`, { session: manager })).status).toBe(400);
  });
});

describe("alert rules over the API", () => {
  it("POST /api/alert-rules checks the config of the rule's kind; PATCH mutes and snoozes (audit-logged); DELETE removes", async () => {
    const bad = await api("/api/alert-rules", { session: security, method: "POST", body: { name: "Bad", kind: "error_rate", config: { thresholdPercent: 0, windowMinutes: 600 } } });
    expect(bad.status).toBe(400);
    expect(bad.json.error.issues.map((i: { path: string }) => i.path).sort()).toEqual(["config.thresholdPercent", "config.windowMinutes"]);
    expect((await api("/api/alert-rules", { session: security, method: "POST", body: { name: "Unknown", kind: "astrology", config: {} } })).status).toBe(400);

    // Disabled: an enabled rule for every tool would, for as long as it exists, alert on other files' traffic.
    const created = await api("/api/alert-rules", { session: security, method: "POST", body: { name: uniq("Errors"), kind: "error_rate", enabled: false, config: { thresholdPercent: 20 } } });
    expect(created.status).toBe(201);
    const rule = created.json.rule;
    expect(rule.config).toEqual({ thresholdPercent: 20, windowMinutes: 15, minCalls: 20, dimension: "tool", pattern: "*", quietMinutes: 10 });
    expect((await api(`/api/alert-rules`, { session: manager, method: "POST", body: { name: "x", kind: "first_use", config: { what: "tool" } } })).status).toBe(403);

    const until = new Date(Date.now() + 3_600_000).toISOString();
    const snoozed = await api(`/api/alert-rules/${rule.id}`, { session: security, method: "PATCH", body: { muted: true, snoozedUntil: until } });
    expect(snoozed.json.rule).toMatchObject({ muted: true, snoozedUntil: until });
    const badPatch = await api(`/api/alert-rules/${rule.id}`, { session: security, method: "PATCH", body: { config: { thresholdPercent: 20, windowMinutes: 0 } } });
    expect(badPatch.status).toBe(400);
    expect(badPatch.json.error.issues.map((i: { path: string }) => i.path)).toEqual(["config.windowMinutes"]);
    const audit = await db().auditLog.findMany({ where: { targetType: "alert_rule", targetId: rule.id }, orderBy: { seq: "asc" } });
    expect(audit.map((e) => e.action)).toEqual(["alert_rule.create", "alert_rule.update"]);
    expect(audit[1].after).toMatchObject({ muted: true, snoozedUntil: until });

    expect((await api(`/api/alert-rules/${rule.id}`, { session: security, method: "DELETE" })).status).toBe(200);
    expect((await api(`/api/alert-rules/${rule.id}`, { session: security, method: "DELETE" })).status).toBe(404);
  });

  it("GET /api/alert-rules says when each rule last fired and how many alerts it raised; a budget alert names its budget and links to it", async () => {
    // Disabled, so that it counts only the alerts raised here: enabled, the shared Warden's detector fired it
    // for every tool other files use for the first time meanwhile (and for the rest of the run).
    const rule = (await api("/api/alert-rules", { session: security, method: "POST", body: { name: uniq("Fired"), kind: "first_use", enabled: false, config: { what: "tool" } } })).json.rule;
    const never = (await api("/api/alert-rules", { session: security })).json.rules.find((r: { id: string }) => r.id === rule.id);
    expect(never).toMatchObject({ lastFiredAt: null, alertsRaised: 0 });
    const times = [new Date(Date.now() - 7_200_000), new Date(Date.now() - 600_000)];
    for (const now of times) {
      await db().$transaction((tx) =>
        raiseAlert(tx, { dedupeKey: uniq("fired"), source: "rule", kind: "first_use", ruleId: rule.id, severity: "info", subjectType: "tool", subjectValue: uniq("t"), title: "first use", explanation: "x", now }),
      );
    }
    const fired = (await api("/api/alert-rules", { session: security })).json.rules.find((r: { id: string }) => r.id === rule.id);
    expect(fired).toMatchObject({ lastFiredAt: times[1].toISOString(), alertsRaised: 2 });

    const budgetId = "6f0e2c1a-8b7d-4c3e-9a1f-2d5b7c9e0a14";
    const title = uniq("Budget alert");
    await db().$transaction((tx) =>
      raiseAlert(tx, { dedupeKey: uniq("budget"), source: "budget", kind: "budget_threshold", severity: "warning", subjectType: "budget", subjectValue: budgetId, title, explanation: "x", details: { budgetId, budgetName: "Team data" } }),
    );
    const listed = (await api(`/api/alerts?status=all&q=${encodeURIComponent(title)}`, { session: security })).json.alerts;
    expect(listed).toHaveLength(1);
    expect(listed[0]).toMatchObject({ subjectLabel: "Team data", subjectHref: `/budgets/${budgetId}` });
  });
});

describe("channels and the webhook host allowlist over the API", () => {
  it("never shows a channel's secret after creation; rotating returns a new one once", async () => {
    await db().allowedWebhookHost.upsert({ where: { host: "127.0.0.1" }, create: { host: "127.0.0.1" }, update: {} });
    const created = await api("/api/channels", { session: admin, method: "POST", body: { name: uniq("hook"), type: "webhook", url: "http://127.0.0.1:9/hook" } });
    expect(created.status).toBe(201);
    const { channel, secret } = created.json;
    expect(channel).toMatchObject({ type: "webhook", hasSecret: true, minSeverity: "warning", subjectType: null, enabled: true });
    const listed = await api("/api/channels", { session: admin });
    expect(listed.text).not.toContain(secret);
    const rotated = await api(`/api/channels/${channel.id}`, { session: admin, method: "PATCH", body: { rotateSecret: true } });
    expect(rotated.json.secret).toMatch(/^whsec_/);
    expect(rotated.json.secret).not.toBe(secret);
    expect((await db().notificationChannel.findUniqueOrThrow({ where: { id: channel.id } })).secret).toBe(rotated.json.secret);
    expect((await api("/api/channels", { session: security })).status).toBe(403);
    const email = await api("/api/channels", { session: admin, method: "POST", body: { name: uniq("mail"), type: "email" } });
    expect(email.json.error.issues).toEqual([{ path: "email", message: "an email address is required" }]);
    expect((await api(`/api/channels/${channel.id}`, { session: admin, method: "DELETE" })).status).toBe(200);
  });

  it("adds, lists and removes allowed hosts; refuses duplicates and URLs", async () => {
    const host = `${uniq("hooks")}.internal.example`;
    expect((await api("/api/allowed-hosts", { session: admin, method: "POST", body: { host: host.toUpperCase() } })).status).toBe(201);
    expect((await api("/api/allowed-hosts", { session: admin, method: "POST", body: { host } })).status).toBe(409);
    expect((await api("/api/allowed-hosts", { session: admin, method: "POST", body: { host: "https://evil.example/x" } })).status).toBe(400);
    const list = await api("/api/allowed-hosts", { session: admin });
    expect(list.json.hosts.map((h: { host: string }) => h.host)).toContain(host);
    expect((await api(`/api/allowed-hosts/${host}`, { session: admin, method: "DELETE" })).status).toBe(200);
    expect((await api(`/api/allowed-hosts/${host}`, { session: admin, method: "DELETE" })).status).toBe(404);
  });
});
