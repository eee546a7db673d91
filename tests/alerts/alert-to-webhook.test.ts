import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closeDb, db } from "../../lib/db";
import { createAlertRule } from "../../lib/alerts/create-alert-rule";
import { createChannel } from "../../lib/alerts/create-channel";
import { createGateway } from "../../lib/gateways/create-gateway";
import { startAppServer, type AppServer } from "../support/app-server";
import { createScratchDatabase } from "../support/scratch-db";
import { eventually, startReceiver, verifyWardenSignature, type Receiver } from "../webhooks/receiver";

// The whole path on a Warden of its own (its live detector job must see only this file's traffic): an
// event posted through the gateway API → the detector job (every 2 s here) opens an alert → routing →
// a delivery job → a signed webhook on loopback.

let scratch: Awaited<ReturnType<typeof createScratchDatabase>>;
let server: AppServer;
let receiver: Receiver;
let apiKey: string;
const actor = { email: "tests" };

beforeAll(async () => {
  scratch = await createScratchDatabase();
  process.env.DATABASE_URL = scratch.url;
  server = await startAppServer({ databaseUrl: scratch.url, name: "alerts-detector", env: { WARDEN_DETECTOR_INTERVAL_SECONDS: "2", LOG_LEVEL: "warn" } });
  receiver = await startReceiver();
  apiKey = (await createGateway({ input: { name: "gw-alerts" }, actor })).apiKey;
});

afterAll(async () => {
  await receiver?.close();
  await server?.stop();
  await closeDb();
  await scratch?.drop();
});

describe("detector → alert → webhook", () => {
  it("a call to a watched tool, posted through POST /api/v1/events, reaches a signed webhook as an explained alert", { timeout: 180_000 }, async () => {
    await db().allowedWebhookHost.create({ data: { host: "127.0.0.1" } });
    await createAlertRule({ input: { name: "Destructive tools", kind: "tool_call", severity: "critical", enabled: true, config: { toolPattern: "*wipe*", serverPattern: "*", quietMinutes: 15 } }, actor });
    const { secret } = await createChannel({ input: { name: "ops hook", type: "webhook", url: receiver.url("/warden"), minSeverity: "warning", subjectType: null, enabled: true }, actor });

    const res = await fetch(`${server.url}/api/v1/events`, {
      method: "POST",
      headers: { authorization: `Bearer ${apiKey}`, "content-type": "application/json" },
      body: JSON.stringify({
        events: [{ id: randomUUID(), timestamp: new Date().toISOString(), userId: "mallory@acme", team: "ops", server: "disk", tool: "disk.wipe_all", status: "ok", durationMs: 40 }],
      }),
    });
    expect(res.status).toBe(200);

    const hook = await eventually(() => receiver.received.find((r) => r.json?.type === "alert.opened"), 120_000, "the alert webhook");
    expect(verifyWardenSignature(hook.headers["x-warden-signature"], hook.body, secret!)).toBe(true);
    expect(hook.json.alert).toMatchObject({
      severity: "critical",
      status: "open",
      title: "Call to disk.wipe_all",
      explanation: expect.stringMatching(/^1 call to disk\.wipe_all \(server disk; gateway gw-alerts\) in the last \d+ min; matches \*wipe\*$/),
      subjectType: "tool",
      subjectValue: "disk.wipe_all",
      url: `${server.url}/alerts?alert=${hook.json.alert.id}`,
    });
    expect(hook.json.alert.eventsUrl).toMatch(new RegExp(`^${server.url}/events\\?tool=disk.wipe_all&from=`));
    const delivery = await eventually(async () => (await db().alertDelivery.findFirst({ where: { alertId: hook.json.alert.id, status: "delivered" } })) ?? undefined);
    expect(delivery).toMatchObject({ attempts: 1, responseStatus: 200 });
    // One alert for the condition, however many runs saw it.
    expect(await db().alert.count({ where: { subjectValue: "disk.wipe_all" } })).toBe(1);
  });
});
