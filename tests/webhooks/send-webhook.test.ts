import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "../../lib/db";
import { sendWebhook } from "../../lib/webhooks/send-webhook";
import { startReceiver, verifyWardenSignature, type Receiver } from "./receiver";

// The receivers listen on 127.0.0.1, a loopback address webhooks may not reach: allowing that host in the
// admin-managed allowlist is what lets these deliveries through (and so what tests the allowlist).
let receiver: Receiver;

beforeAll(async () => {
  receiver = await startReceiver();
  await db().allowedWebhookHost.upsert({ where: { host: "127.0.0.1" }, create: { host: "127.0.0.1" }, update: {} });
});

afterAll(async () => {
  await receiver.close();
});

describe("sendWebhook", () => {
  it("signs the JSON body so that a receiver on an allowlisted loopback host can verify it", async () => {
    receiver.respond = () => 200;
    const secret = "whsec-test-0123456789";
    const before = receiver.received.length;
    const result = await sendWebhook({ url: receiver.url("/hooks/warden?x=1"), secret, body: { alert: { id: "a1", title: "Error spike" } }, headers: { "X-Warden-Event": "test" } });
    expect(result).toEqual({ ok: true, status: 200 });
    const got = receiver.received[before];
    expect(got.path).toBe("/hooks/warden?x=1");
    expect(got.headers["content-type"]).toBe("application/json");
    expect(got.headers["x-warden-event"]).toBe("test");
    expect(got.json).toEqual({ alert: { id: "a1", title: "Error spike" } });
    expect(verifyWardenSignature(got.headers["x-warden-signature"], got.body, secret)).toBe(true);
    expect(verifyWardenSignature(got.headers["x-warden-signature"], `${got.body} `, secret)).toBe(false);
    expect(verifyWardenSignature(got.headers["x-warden-signature"], got.body, "another-secret")).toBe(false);
  });

  it("reports a 500 as a failed delivery and does not follow redirects", async () => {
    receiver.respond = () => 500;
    expect(await sendWebhook({ url: receiver.url("/fail"), body: {} })).toMatchObject({ ok: false, status: 500 });
    const before = receiver.received.length;
    receiver.respond = (h) => (h.path === "/moved" ? 302 : 200);
    expect(await sendWebhook({ url: receiver.url("/moved"), body: {} })).toMatchObject({ ok: false, status: 302, error: expect.stringContaining("redirect") });
    expect(receiver.received.slice(before).map((r) => r.path)).toEqual(["/moved"]);
  });

  it("gives up after the timeout", async () => {
    const slow = createServer(() => undefined);
    await new Promise<void>((resolve) => slow.listen(0, "127.0.0.1", resolve));
    try {
      const result = await sendWebhook({ url: `http://127.0.0.1:${(slow.address() as AddressInfo).port}/`, body: {}, timeoutMs: 300 });
      expect(result).toMatchObject({ ok: false, error: "timed out after 300 ms" });
    } finally {
      slow.closeAllConnections();
      await new Promise<void>((resolve) => slow.close(() => resolve()));
    }
  });

  it.each([
    ["http://127.0.0.2:9/x", "loopback"],
    ["http://[::1]:9/x", "loopback"],
    ["http://[::ffff:127.0.0.2]:9/x", "loopback"],
    ["http://10.0.0.1/x", "private"],
    ["http://192.168.0.10/x", "private"],
    ["http://169.254.169.254/latest/meta-data", "link-local"],
    ["http://100.64.1.1/x", "carrier-grade NAT"],
    ["http://0.0.0.0:9/x", "unspecified"],
    ["http://2130706434/x", "loopback"],
    ["http://[fd00::1]/x", "private"],
    ["ftp://example.com/x", "only http and https"],
    ["file:///etc/passwd", "only http and https"],
    ["http://user:pw@example.com/x", "credentials"],
  ])("refuses %s before making any request (%s)", async (url, reason) => {
    const before = receiver.received.length;
    const result = await sendWebhook({ url, body: { probe: true }, timeoutMs: 2000 });
    expect(result.ok).toBe(false);
    expect(result.refused).toBe(true);
    expect(result.error).toContain(reason);
    expect(receiver.received.length).toBe(before);
  });
});
