import { randomUUID } from "node:crypto";
import { baseURL, createGateway, createUser, db, expect, signInAs, test } from "./support/fixtures";
import { requestApproval } from "./support/approvals";

// Expiry handling and one-time decision links, in Chromium against the real server (its expiry job runs
// every second in the e2e stack: WARDEN_APPROVAL_NOTICE_INTERVAL_SECONDS=1).
test.describe.configure({ timeout: 120_000 });

test("an expiry warning, then escalation to the second team, show on the request; that team's reviewer lands on the queue after sign-in", async ({ page }) => {
  const gw = await createGateway();
  const [teamA, teamB] = [`payments-${randomUUID().slice(0, 6)}`, `leads-${randomUUID().slice(0, 6)}`];
  const first = await createUser(["reviewer"], { team: teamA });
  const second = await createUser(["reviewer"], { team: teamB });
  const tool = `refund_${randomUUID().slice(0, 6)}`;
  const { createApprovalRule } = await import("../lib/approvals/create-approval-rule");
  const { CreateApprovalRuleBody } = await import("../lib/approvals/schema");
  await createApprovalRule({
    input: CreateApprovalRuleBody.parse({ name: `expiry ${tool}`, gatewayPattern: gw.name, toolPattern: tool, reviewerTeam: teamA, escalationTeam: teamB, timeoutSeconds: 80, warnAtPercent: 5, escalateAtPercent: 15 }),
    actor: { email: "e2e" },
  });
  // Warned after ~4 s, escalated after ~12 s, expires after 80 s.
  const id = await requestApproval(gw.apiKey, { tool, server: "payments", timeoutSeconds: 80 });

  await signInAs(page, first.email, first.password);
  await page.goto(`/approvals?id=${id}`);
  const detail = page.getByRole("article", { name: `Request ${tool} on payments` });
  await expect(detail.getByTestId("expiry-warned")).toBeVisible({ timeout: 30_000 });
  await expect(detail.getByTestId("expiry-escalated")).toContainText(`Escalated to team ${teamB}`, { timeout: 45_000 });
  await expect(detail).toContainText("expires in");

  // The escalation team's reviewer (reviewer is their only role) lands on the queue and may decide.
  await page.context().clearCookies();
  const other = page;
  await signInAs(other, second.email, second.password);
  await expect(other).toHaveURL(/\/approvals/);
  await other.goto(`/approvals?id=${id}`);
  const theirs = other.getByRole("article", { name: `Request ${tool} on payments` });
  await expect(theirs.getByTestId("expiry-escalated")).toBeVisible();
  await expect(theirs.getByRole("button", { name: /^Approve/ })).toBeEnabled();
  const row = await (await db()).approval.findUniqueOrThrow({ where: { id } });
  expect(row).toMatchObject({ status: "pending", escalatedTo: teamB });
});

test("a one-time approve link opens a confirmation page after sign-in, decides once with the reviewer's session, then says it was used", async ({ page }) => {
  const gw = await createGateway();
  const reviewer = await createUser(["reviewer"]);
  const tool = `wire_${randomUUID().slice(0, 6)}`;
  const id = await requestApproval(gw.apiKey, { tool, server: "bank" });
  const a = await (await db()).approval.findUniqueOrThrow({ where: { id } });
  const { createDecisionLinks } = await import("../lib/notifications/create-decision-links");
  const links = await createDecisionLinks({ approvalId: id, userId: reviewer.id, expiresAt: a.expiresAt, baseUrl: baseURL });

  // Opened from the e-mail without a session: sign in first, then back on the same link.
  await page.goto(links.approve);
  await expect(page).toHaveURL(/\/login\?callbackUrl=/);
  await page.getByLabel("Email").fill(reviewer.email);
  await page.getByLabel("Password").fill(reviewer.password);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  const card = page.getByRole("article", { name: "Confirm a decision" });
  await expect(card.getByRole("heading", { name: "Approve this request?" })).toBeVisible();
  await expect(card).toContainText(tool);
  // Opening the link decided nothing.
  expect((await (await db()).approval.findUniqueOrThrow({ where: { id } })).status).toBe("pending");

  await card.getByLabel(/^Comment/).fill("Checked with the requester");
  await card.getByRole("button", { name: "Confirm: approve" }).click();
  await expect(card.getByTestId("link-result")).toContainText("The request is now approved");
  const votes = await (await db()).approvalVote.findMany({ where: { approvalId: id } });
  expect(votes).toMatchObject([{ reviewerId: reviewer.id, decision: "approve", comment: "Checked with the requester" }]);

  // Each link works once: the pair is spent.
  await page.goto(links.deny);
  await expect(page.getByTestId("link-state")).toHaveText(/already used/);
});
