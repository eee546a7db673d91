import { createHmac } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "../../lib/db";
import { createSignedInUser, uniq } from "../support/factories";
import { createTestGateway } from "../support/gateways";
import { api } from "../support/http";
import { requestApproval } from "./approval-factory";

// A chat tool's incoming-webhook endpoint, on loopback (allowlisted for the test like an admin would).
let receiver: Server;
let hookUrl: string;
type Delivery = { signature: string; body: string };
const delivered = new Map<string, Delivery>();
const waiting = new Map<string, (d: Delivery) => void>();

/** The delivery announcing this approval (it may arrive before the POST's response does). */
const deliveryFor = (id: string) =>
  new Promise<Delivery>((resolve) => {
    const got = delivered.get(id);
    if (got) resolve(got);
    else waiting.set(id, resolve);
  });

beforeAll(async () => {
  receiver = createServer((req, res) => {
    let body = "";
    req.on("data", (c) => (body += c));
    req.on("end", () => {
      const id = (JSON.parse(body) as { approval?: { id?: string } }).approval?.id;
      if (id) {
        const d = { signature: String(req.headers["x-warden-signature"]), body };
        delivered.set(id, d);
        waiting.get(id)?.(d);
      }
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((r) => receiver.listen(0, "127.0.0.1", r));
  hookUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/chat-hook`;
  await db().allowedWebhookHost.upsert({ where: { host: "127.0.0.1" }, create: { host: "127.0.0.1" }, update: {} });
});
afterAll(() => new Promise<void>((r) => receiver.close(() => r())));

describe("approval rule webhooks", () => {
  it("a new request under a rule with a webhook is announced with an HMAC-signed body (no params, secrets in its texts masked)", async () => {
    const gw = await createTestGateway();
    const security = await createSignedInUser({ roles: ["security"] });
    const tool = uniq("wire_transfer");
    const created = await api("/api/approval-rules", {
      session: security,
      method: "POST",
      body: { name: uniq("Payments to chat"), gatewayPattern: gw.name, toolPattern: tool, webhookUrl: hookUrl },
    });
    expect(created.status).toBe(201);
    const secret = created.json.webhookSecret as string;

    const { id } = await requestApproval(gw.apiKey, {
      tool,
      params: { iban: "DE00 1234", amountEur: 90_000 },
      userId: "dora@example.com",
      justification: "Paying the invoice; the bank token is sk_live_4eC39HqLyjWDarjtT1zdp7dc",
    });
    const got = await deliveryFor(id);

    const { t, v1 } = Object.fromEntries(got.signature.split(",").map((kv) => kv.split("=", 2))) as { t: string; v1: string };
    expect(createHmac("sha256", secret).update(`${t}.${got.body}`).digest("hex")).toBe(v1);
    const payload = JSON.parse(got.body);
    expect(payload).toMatchObject({ type: "approval.requested", approval: { id, tool, server: "mail", userId: "dora@example.com" }, rule: { id: created.json.rule.id } });
    expect(payload.text).toContain(tool);
    expect(got.body).not.toContain("DE00 1234");
    // Chat is a reviewer-facing view outside Warden: a secret in the agent's text arrives masked.
    expect(got.body).not.toContain("sk_live_4eC39HqLyjWDarjtT1zdp7dc");
    expect(payload.text).toContain("[masked secret: Stripe secret key]");
    expect(payload.approval.justification).toBe("Paying the invoice; the bank token is [masked secret: Stripe secret key]");
  });

  it("the announcement escapes Slack control sequences in every gateway-supplied text: no <!channel> ping, no forged link", async () => {
    const gw = await createTestGateway();
    const security = await createSignedInUser({ roles: ["security"] });
    const tool = uniq("refund");
    const ruleName = uniq("<!here> rule");
    const created = await api("/api/approval-rules", { session: security, method: "POST", body: { name: ruleName, gatewayPattern: gw.name, toolPattern: tool, webhookUrl: hookUrl } });
    expect(created.status).toBe(201);

    const hostile = "<!channel> <https://x|Click to approve> & <@U123>";
    const { id } = await requestApproval(gw.apiKey, { tool, server: "<!subteam^S1>", userId: `<!channel>@example.com`, justification: hostile, userGoal: hostile, reason: hostile });
    const payload = JSON.parse((await deliveryFor(id)).body);
    const chatTexts = [payload.text, ...payload.blocks.flatMap((b: { text?: { text: string }; elements?: { text: string }[] }) => [b.text?.text, ...(b.elements ?? []).map((e) => e.text)])].filter(Boolean) as string[];
    expect(chatTexts.length).toBeGreaterThan(1);
    for (const t of chatTexts) {
      // The only control sequence left is Warden's own link to the request.
      expect(t.match(/<[^>]*>/g) ?? []).toEqual(t.includes("|Open in Warden>") ? [expect.stringMatching(new RegExp(`^<http://127\\.0\\.0\\.1:\\d+/approvals\\?id=${id}\\|Open in Warden>$`))] : []);
    }
    expect(payload.text).toContain("&lt;!channel&gt;@example.com");
    expect(payload.text).toContain("&lt;!subteam^S1&gt;");
    expect(payload.text).toContain("&lt;!here&gt; rule");
    expect(payload.text).toContain("&lt;https://x|Click to approve&gt; &amp; &lt;@U123&gt;");
    // The structured copy stays the data as sent (JSON-escaped, not chat-escaped).
    expect(payload.approval).toMatchObject({ id, userId: "<!channel>@example.com", justification: hostile });
  });
});

