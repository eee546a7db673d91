import { randomUUID } from "node:crypto";
import { createGateway, createUser, expect, postEvents, signInAs, test } from "./support/fixtures";

// The event detail shows the gateway's call chain and identity source as plain text, marks an identity
// asserted by config alone as unverified, and shows the approval_reused flag Warden adds.

const base = { userId: "dana@corp.test", team: "platform", server: "files", status: "ok" };

test("the event detail shows decisions and the identity source as text, config as unverified, and approval_reused", async ({ page }) => {
  const gw = await createGateway();
  const approvalId = randomUUID();
  const at = (minutesAgo: number) => new Date(Date.now() - minutesAgo * 60_000).toISOString();
  await postEvents(gw.apiKey, [
    {
      ...base,
      id: randomUUID(),
      timestamp: at(6),
      tool: "write_file",
      identitySource: "config",
      approvalId,
      decisions: [
        { stage: "policy", outcome: "allow" },
        { stage: "approval", outcome: "hold", reason: `<img src=x onerror="window.__pwned=1">` },
        { stage: "approval", outcome: "allow", reason: "approved by ana" },
      ],
    },
    { ...base, id: randomUUID(), timestamp: at(4), tool: "read_file", identitySource: "jwt" },
  ]);
  // The same approval presented again by another call.
  await postEvents(gw.apiKey, [{ ...base, id: randomUUID(), timestamp: at(2), tool: "delete_file", identitySource: "static-token", approvalId }]);

  const user = await createUser(["security"]);
  await signInAs(page, user.email, user.password);
  await page.goto(`/events?gateway=${gw.gatewayId}`);
  const rows = page.getByTestId("event-row");
  await expect(rows).toHaveCount(3);
  const detail = page.getByTestId("event-detail");

  await rows.filter({ hasText: "write_file" }).click();
  await expect(detail.getByTestId("identity-unverified")).toHaveText("config — unverified identity");
  const decisions = detail.getByTestId("event-decisions").locator("tbody tr");
  await expect(decisions).toHaveCount(3);
  await expect(decisions.nth(0)).toContainText("policy");
  await expect(decisions.nth(0)).toContainText("allow");
  await expect(decisions.nth(1)).toContainText(`<img src=x onerror="window.__pwned=1">`);
  await expect(decisions.nth(2)).toContainText("approved by ana");

  await rows.filter({ hasText: "read_file" }).click();
  await expect(detail.getByTestId("identity-source")).toHaveText("JWT (verified)");
  await expect(detail.getByTestId("identity-unverified")).toHaveCount(0);
  await expect(detail.getByText("none sent").first()).toBeVisible();

  await rows.filter({ hasText: "delete_file" }).click();
  await expect(detail.getByTestId("identity-source")).toHaveText("static client token");
  await expect(detail).toContainText("approval_reused");

  expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
  expect(await page.locator('img[src="x"]').count()).toBe(0);
});
