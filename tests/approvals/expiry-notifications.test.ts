import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { io } from "socket.io-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { disableChannelsTo } from "../support/channels";
import { db } from "../../lib/db";
import { sendExpiryNotices } from "../../lib/approvals/send-expiry-notices";
import { notifyReviewers } from "../../lib/notifications/notify-reviewers";
import { NotificationPreferencesResponse } from "../../lib/notifications/schema";
import { createSignedInUser, uniq } from "../support/factories";
import { createTestGateway } from "../support/gateways";
import { api, baseUrl } from "../support/http";
import { startSmtpListener } from "../support/smtp-listener";
import { createToolRule, decide, requestApproval } from "./approval-factory";

// Expiry handling and reviewer notifications over real channels on loopback: a Slack-compatible webhook
// receiver (allowlisted like an admin would) and a minimal SMTP listener (tests/support/smtp-listener.ts).

interface Hook {
  path: string;
  body: { text: string; blocks: { type: string; elements?: { action_id?: string; url?: string }[] }[] };
}
let receiver: Server;
let hookBase: string;
const hooks: Hook[] = [];
// Requests without a reviewer team reach every reviewer (other test files' too): look at one request's messages.
const messagesTo = (path: string, id: string) => hooks.filter((h) => h.path === path && h.body.text.includes(`/approvals?id=${id}|`));

let smtp: Awaited<ReturnType<typeof startSmtpListener>>;

beforeAll(async () => {
  receiver = createServer((req, res) => {
    let body = "";
    req.on("data", (c) => (body += c));
    req.on("end", () => {
      hooks.push({ path: req.url ?? "", body: JSON.parse(body) });
      res.writeHead(200).end("ok");
    });
  });
  await new Promise<void>((r) => receiver.listen(0, "127.0.0.1", r));
  hookBase = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
  await db().allowedWebhookHost.upsert({ where: { host: "127.0.0.1" }, create: { host: "127.0.0.1" }, update: {} });
  smtp = await startSmtpListener();
  // This process sends the expiry notices it runs (links point at the shared Warden).
  process.env.WARDEN_PUBLIC_URL = baseUrl();
});
afterAll(async () => {
  await disableChannelsTo(`${hookBase}/`);
  await new Promise<void>((r) => receiver.close(() => r()));
  await smtp.close();
});

// Signing in costs a password hash: one reviewer without a team serves the tests that need no team.
let plain: ReturnType<typeof createSignedInUser> | undefined;
const plainReviewer = () => (plain ??= createSignedInUser({ roles: ["reviewer"] }));

async function reviewerWithChannel(team: string, path: string) {
  const reviewer = await createSignedInUser({ roles: ["reviewer"], team });
  const channel = await db().notificationChannel.create({ data: { name: uniq("chat"), type: "slack", url: `${hookBase}${path}` } });
  const saved = await api("/api/me/notification-preferences", { session: reviewer, method: "PUT", body: { browser: true, email: false, webhookChannelId: channel.id } });
  expect(saved.status, saved.text).toBe(200);
  return reviewer;
}

describe("approval expiry handling", () => {
  it("a pending request notifies its team at once, warns it at the rule's warning point, then escalates to the escalation team, which may decide from then on", async () => {
    const gw = await createTestGateway();
    const [teamA, teamB] = [uniq("payments"), uniq("finance-leads")];
    const [pathA, pathB] = [`/${uniq("a")}`, `/${uniq("b")}`];
    const first = await reviewerWithChannel(teamA, pathA);
    const second = await reviewerWithChannel(teamB, pathB);
    const tool = uniq("refund");
    await createToolRule(gw.name, tool, { reviewerTeam: teamA, escalationTeam: teamB, warnAtPercent: 50, escalateAtPercent: 75, timeoutSeconds: 600 });
    const { id } = await requestApproval(gw.apiKey, { tool });
    const created = await db().approval.findUniqueOrThrow({ where: { id } });

    // New request: the rule's reviewer team hears of it by its chosen channel, with one-time links.
    await expect.poll(() => messagesTo(pathA, id).length, { timeout: 20_000 }).toBe(1);
    const [fresh] = messagesTo(pathA, id);
    expect(fresh.body.text).toContain("Approval needed");
    expect(fresh.body.text).toContain(`/approvals?id=${id}`);
    const buttons = fresh.body.blocks.find((b) => b.type === "actions")?.elements ?? [];
    expect(buttons.map((b) => b.action_id)).toEqual(["warden_approve", "warden_deny"]);
    for (const b of buttons) expect(b.url).toMatch(new RegExp(`^${baseUrl()}/approvals/confirm\\?token=[A-Za-z0-9_-]{43}$`));
    expect(messagesTo(pathB, id)).toHaveLength(0);
    expect((await decide(second, id, "approve")).status).toBe(403);

    // Before the warning point nothing happens; at half the time the team is warned, once.
    const at = (share: number) => new Date(created.createdAt.getTime() + (created.expiresAt.getTime() - created.createdAt.getTime()) * share);
    expect(await sendExpiryNotices({ now: at(0.4), ids: [id] })).toEqual({ warned: [], escalated: [] });
    expect(await sendExpiryNotices({ now: at(0.55), ids: [id] })).toEqual({ warned: [id], escalated: [] });
    expect(messagesTo(pathA, id).map((m) => m.body.text).at(-1)).toContain("Expiring soon");
    expect(await sendExpiryNotices({ now: at(0.6), ids: [id] })).toEqual({ warned: [], escalated: [] });

    // At 75 %: escalated to the second team, once, audited; that team hears of it and may now decide.
    expect(await sendExpiryNotices({ now: at(0.8), ids: [id] })).toEqual({ warned: [], escalated: [id] });
    expect(await sendExpiryNotices({ now: at(0.9), ids: [id] })).toEqual({ warned: [], escalated: [] });
    expect(messagesTo(pathB, id)).toHaveLength(1);
    expect(messagesTo(pathB, id)[0].body.text).toContain("Escalated to your team");
    const row = await db().approval.findUniqueOrThrow({ where: { id } });
    expect(row).toMatchObject({ escalatedTo: teamB, status: "pending" });
    expect(row.warnedAt).not.toBeNull();
    const audit = await db().auditLog.findFirst({ where: { targetId: id, action: "approval.escalate" } });
    expect(audit?.after).toMatchObject({ escalatedTo: teamB });
    const detail = await api(`/api/approvals/${id}`, { session: second });
    expect(detail.json.approval.expiry).toMatchObject({ escalatedTo: teamB });
    expect(detail.json.approval.viewer.teamAllowed).toBe(true);
    const voted = await decide(second, id, "approve");
    expect(voted.status, voted.text).toBe(200);
    expect(voted.json.status).toBe("approved");
    expect(first.id).not.toBe(second.id);
  }, 90_000); // two sign-ins (password hashes) and a notification over HTTP, on a loaded 2-core machine

  it("a request is extended once, with a reason (400 without; 409 the second time)", async () => {
    const gw = await createTestGateway();
    const reviewer = await plainReviewer();
    const { id } = await requestApproval(gw.apiKey, { timeoutSeconds: 300 });
    const noReason = await api(`/api/approvals/${id}/extend`, { session: reviewer, method: "POST", body: { minutes: 5 } });
    expect(noReason.status).toBe(400);
    expect(JSON.stringify(noReason.json.error.issues)).toContain("reason");
    const ok = await api(`/api/approvals/${id}/extend`, { session: reviewer, method: "POST", body: { minutes: 5, reason: "The requester is on a call" } });
    expect(ok.status, ok.text).toBe(200);
    const again = await api(`/api/approvals/${id}/extend`, { session: reviewer, method: "POST", body: { minutes: 5, reason: "More" } });
    expect(again.status).toBe(409);
    expect(again.json.error.message).toMatch(/already extended once/);
    const detail = await api(`/api/approvals/${id}`, { session: reviewer });
    expect(detail.json.approval.expiry).toMatchObject({ extendReason: "The requester is on a call" });
  });
});

describe("reviewer notification preferences", () => {
  it("PUT /api/me/notification-preferences refuses bad input with 400 naming the field, and roles without approvals:decide with 403", async () => {
    const reviewer = await plainReviewer();
    const got = await api("/api/me/notification-preferences", { session: reviewer });
    expect(got.status).toBe(200);
    expect(NotificationPreferencesResponse.parse(got.json)).toMatchObject({ browser: true, email: false, webhookChannelId: null, emailAvailable: false });
    const put = (body: unknown) => api("/api/me/notification-preferences", { session: reviewer, method: "PUT", body });
    const cases: [unknown, string][] = [
      [{ browser: "yes", email: false, webhookChannelId: null }, "browser"],
      [{ browser: true, email: false }, "webhookChannelId"],
      [{ browser: true, email: false, webhookChannelId: "not-a-uuid" }, "webhookChannelId"],
      [{ browser: true, email: false, webhookChannelId: "00000000-0000-4000-8000-000000000000" }, "webhookChannelId"],
      [{ browser: true, email: false, webhookChannelId: null, sms: true }, "sms"],
      // The shared test server has no SMTP_URL: e-mail cannot be chosen there.
      [{ browser: true, email: true, webhookChannelId: null }, "email"],
    ];
    for (const [body, field] of cases) {
      const res = await put(body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(JSON.stringify(res.json.error), JSON.stringify(body)).toContain(field);
    }
    const viewer = await createSignedInUser({ roles: ["viewer"] });
    expect((await api("/api/me/notification-preferences", { session: viewer })).status).toBe(403);
    const saved = await put({ browser: false, email: false, webhookChannelId: null });
    expect(saved.status).toBe(200);
    expect(saved.json.browser).toBe(false);
  });

  it("a reviewer's open Warden tabs get an approval-notice on their own socket for a new request of their team, linking to it", async () => {
    const gw = await createTestGateway();
    const team = uniq("support");
    const reviewer = await createSignedInUser({ roles: ["reviewer"], team });
    const tool = uniq("close_ticket");
    await createToolRule(gw.name, tool, { reviewerTeam: team });
    const socket = io(baseUrl(), { path: "/socket.io", transports: ["websocket"], extraHeaders: { cookie: reviewer.cookie, origin: baseUrl() }, reconnection: false });
    try {
      await new Promise<void>((resolve, reject) => {
        socket.once("connect", () => resolve());
        socket.once("connect_error", reject);
      });
      const notices: { kind: string; title: string; url: string }[] = [];
      socket.on("approval-notice", (n) => notices.push(n));
      const { id } = await requestApproval(gw.apiKey, { tool });
      await expect.poll(() => notices.find((n) => n.url.endsWith(`/approvals?id=${id}`)), { timeout: 20_000 }).toMatchObject({ kind: "requested", title: expect.stringContaining(tool) });
    } finally {
      socket.close();
    }
  });

  it("a reviewer who chose e-mail gets the request by mail, with a link to it and one-time approve/deny links", async () => {
    const gw = await createTestGateway();
    const team = uniq("ops");
    const reviewer = await createSignedInUser({ roles: ["reviewer"], team });
    await db().notificationPreference.create({ data: { userId: reviewer.id, browser: false, email: true } });
    const tool = uniq("delete_bucket");
    await createToolRule(gw.name, tool, { reviewerTeam: team });
    const { id } = await requestApproval(gw.apiKey, { tool });
    process.env.SMTP_URL = smtp.smtpUrl;
    try {
      const results = await notifyReviewers({ approvalId: id, kind: "requested" });
      expect(results).toEqual([{ userId: reviewer.id, channel: "email", status: "sent", error: undefined }]);
    } finally {
      delete process.env.SMTP_URL;
    }
    const mail = smtp.mails.find((m) => m.to === reviewer.email);
    expect(mail).toBeDefined();
    const text = mail!.text;
    expect(text).toContain(`${baseUrl()}/approvals?id=${id}`);
    expect(text).toMatch(new RegExp(`Approve: ${baseUrl()}/approvals/confirm\\?token=[A-Za-z0-9_-]{43}`));
    expect(text).toMatch(/Deny: .*token=/);
    expect(await db().approvalLink.count({ where: { approvalId: id, userId: reviewer.id, usedAt: null } })).toBe(2);
  });
});
