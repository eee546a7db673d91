import { describe, expect, it } from "vitest";
import { db } from "../../lib/db";
import { createDecisionLinks } from "../../lib/notifications/create-decision-links";
import { slackSignature } from "../../lib/notifications/verify-slack-signature";
import { TEST_SLACK_SIGNING_SECRET } from "../support/app-server";
import { createSignedInUser } from "../support/factories";
import { createTestGateway, gatewayApi } from "../support/gateways";
import { api, baseUrl } from "../support/http";
import { requestApproval } from "./approval-factory";

// One-time decision links (e-mail, Slack): a GET only shows a confirmation page; the reviewer's POST with
// their session decides, once, through the normal vote path.

const tokenOf = (url: string) => new URL(url).searchParams.get("token")!;
const redeem = (session: Awaited<ReturnType<typeof createSignedInUser>> | undefined, body: unknown) =>
  api("/api/approval-links/redeem", { session, method: "POST", body });

// Signing in costs a password hash: two reviewers for the whole file, each test with requests of its own.
let reviewers: Promise<Awaited<ReturnType<typeof createSignedInUser>>[]> | undefined;
const twoReviewers = () => (reviewers ??= Promise.all([createSignedInUser({ roles: ["reviewer"] }), createSignedInUser({ roles: ["reviewer"] })]));

async function pendingWithLinks() {
  const gw = await createTestGateway();
  const [reviewer] = await twoReviewers();
  const { id } = await requestApproval(gw.apiKey, { timeoutSeconds: 600 });
  const a = await db().approval.findUniqueOrThrow({ where: { id } });
  const links = await createDecisionLinks({ approvalId: id, userId: reviewer.id, expiresAt: a.expiresAt, baseUrl: baseUrl() });
  return { gw, reviewer, id, links };
}

describe("one-time decision links", () => {
  it("GET shows a confirmation only; the reviewer's POST decides once (signed, audited); a second use is 409", async () => {
    const { gw, reviewer, id, links } = await pendingWithLinks();
    const page = await fetch(links.approve, { headers: { cookie: reviewer.cookie }, redirect: "manual" });
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain("Approve this request?");
    expect(html).toContain("Confirm: approve");
    expect(html).not.toContain('data-testid="link-state"');
    expect((await db().approval.findUniqueOrThrow({ where: { id } })).status).toBe("pending");
    expect(await db().approvalLink.count({ where: { approvalId: id, userId: reviewer.id, usedAt: { not: null } } })).toBe(0);

    // Without a session the page sends the browser to sign in, and back to the same link afterwards.
    const anonymous = await fetch(links.approve, { redirect: "manual" });
    expect([303, 307, 308]).toContain(anonymous.status);
    const login = new URL(anonymous.headers.get("location")!, baseUrl());
    expect(login.pathname).toBe("/login");
    expect(login.searchParams.get("callbackUrl")).toBe(`/approvals/confirm?token=${tokenOf(links.approve)}`);
    expect((await redeem(undefined, { token: tokenOf(links.approve) })).status).toBe(401);

    // Another reviewer cannot use it; it stays unspent.
    const [, other] = await twoReviewers();
    expect((await redeem(other, { token: tokenOf(links.approve) })).status).toBe(403);

    const done = await redeem(reviewer, { token: tokenOf(links.approve), comment: "Looks right" });
    expect(done.status, done.text).toBe(200);
    expect(done.json).toMatchObject({ id, decision: "approve", status: "approved" });
    const view = await gatewayApi(`/approvals/${id}`, gw.apiKey);
    expect(view.json.status).toBe("approved");
    expect(view.json.token).toEqual(expect.any(String));
    const actions = (await db().auditLog.findMany({ where: { targetId: id }, orderBy: { seq: "asc" } })).map((e) => [e.action, e.actorEmail]);
    expect(actions).toEqual(expect.arrayContaining([["approval.link.redeem", reviewer.email], ["approval.vote.approve", reviewer.email], ["approval.approved", reviewer.email]]));

    // Spent: the same link again, and its deny sibling, are refused; the page says so.
    const again = await redeem(reviewer, { token: tokenOf(links.approve) });
    expect(again.status).toBe(409);
    expect(again.json.error.message).toMatch(/already used/);
    expect((await redeem(reviewer, { token: tokenOf(links.deny), comment: "no" })).status).toBe(409);
    expect(await (await fetch(links.approve, { headers: { cookie: reviewer.cookie } })).text()).toContain("already used");
  }, 90_000); // two sign-ins (password hashes) and the first render of the page, on a loaded 2-core machine

  it("a deny link needs a reason before it is spent; an expired link, an unknown token and a malformed one are refused", async () => {
    const { reviewer, id, links } = await pendingWithLinks();
    const noReason = await redeem(reviewer, { token: tokenOf(links.deny) });
    expect(noReason.status).toBe(400);
    expect(JSON.stringify(noReason.json.error)).toContain("comment");
    expect(await db().approvalLink.count({ where: { approvalId: id, userId: reviewer.id, usedAt: null } })).toBe(2);
    const denied = await redeem(reviewer, { token: tokenOf(links.deny), comment: "Not this customer" });
    expect(denied.json).toMatchObject({ decision: "deny", status: "denied" });

    const fresh = await pendingWithLinks();
    const old = await createDecisionLinks({ approvalId: fresh.id, userId: fresh.reviewer.id, expiresAt: new Date(Date.now() - 1000), baseUrl: baseUrl() });
    const expired = await redeem(fresh.reviewer, { token: tokenOf(old.approve) });
    expect(expired.status).toBe(409);
    expect(expired.json.error.message).toMatch(/expired/);
    expect((await redeem(fresh.reviewer, { token: "A".repeat(43) })).status).toBe(404);
    const malformed = await redeem(fresh.reviewer, { token: "short" });
    expect(malformed.status).toBe(400);
    expect(JSON.stringify(malformed.json.error)).toContain("token");
    expect((await db().approval.findUniqueOrThrow({ where: { id: fresh.id } })).status).toBe("pending");
  });
});

describe("Slack interactive buttons", () => {
  const interaction = (token: string) =>
    `payload=${encodeURIComponent(JSON.stringify({ type: "block_actions", user: { id: "U1" }, actions: [{ action_id: "warden_approve", value: token }] }))}`;
  const post = (body: string, headers: Record<string, string>) =>
    fetch(`${baseUrl()}/api/slack/interactions`, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded", ...headers }, body });

  it("POST /api/slack/interactions accepts a request signed with the signing secret, refuses a bad signature or a replayed timestamp (401), and never decides", async () => {
    const { id, reviewer, links } = await pendingWithLinks();
    const body = interaction(tokenOf(links.approve));
    const now = String(Math.floor(Date.now() / 1000));
    const ok = await post(body, { "x-slack-request-timestamp": now, "x-slack-signature": slackSignature(TEST_SLACK_SIGNING_SECRET, now, body) });
    expect(ok.status).toBe(200);
    expect(((await ok.json()) as { text: string }).text).toMatch(/Confirm in the Warden page/);

    const forged = await post(body, { "x-slack-request-timestamp": now, "x-slack-signature": slackSignature("not-the-secret-0123456789", now, body) });
    expect(forged.status).toBe(401);
    const old = String(Math.floor(Date.now() / 1000) - 600);
    const replayed = await post(body, { "x-slack-request-timestamp": old, "x-slack-signature": slackSignature(TEST_SLACK_SIGNING_SECRET, old, body) });
    expect(replayed.status).toBe(401);
    expect(((await replayed.json()) as { error: { message: string } }).error.message).toMatch(/too old/);
    expect((await post(body, {})).status).toBe(401);

    expect((await db().approval.findUniqueOrThrow({ where: { id } })).status).toBe("pending");
    expect(await db().approvalLink.count({ where: { approvalId: id, userId: reviewer.id, usedAt: { not: null } } })).toBe(0);
  });
});
