import { randomUUID } from "node:crypto";
import { createGateway, createUser, expect, postEvents, signInAs, test } from "./support/fixtures";

// Issue 18 item 3: from the event that raised a flag, an analyst opens its agent session and sees what the agent
// did before and after it, on one timeline.

test("the event detail opens the agent session: the calls before and after it on a timeline, the flagged call marked", async ({ page }) => {
  const gw = await createGateway();
  const sessionId = `mcp-${randomUUID()}`;
  // Ten minutes ago, plus s seconds.
  const at = (s: number) => new Date(Date.now() - 600_000 + s * 1000).toISOString();
  const base = { userId: "dana@corp.test", server: "fs", status: "ok", sessionId, durationMs: 40 };
  await postEvents(gw.apiKey, [
    { ...base, id: randomUUID(), timestamp: at(0), tool: "list_files" },
    { ...base, id: randomUUID(), timestamp: at(3), tool: "read_file", riskFlags: ["prompt_injection"], costUsd: 0.25 },
    { ...base, id: randomUUID(), timestamp: at(9), tool: "send_email", status: "blocked", errorType: "policy_blocked", decisions: [{ stage: "policy", outcome: "deny", reason: "blocked tool" }] },
  ]);

  const user = await createUser(["security"]);
  await signInAs(page, user.email, user.password);
  await page.goto(`/events?gateway=${gw.gatewayId}`);
  await page.getByTestId("event-row").filter({ hasText: "read_file" }).click();
  await page.getByTestId("event-detail").getByTestId("open-agent-session").click();

  await expect(page.getByRole("heading", { name: "Agent session" })).toBeVisible();
  const calls = page.getByTestId("session-call");
  await expect(calls).toHaveCount(3);
  await expect(calls.nth(0)).toContainText("fs/list_files");
  await expect(calls.nth(1)).toContainText("fs/read_file");
  await expect(calls.nth(1)).toContainText("prompt_injection");
  await expect(calls.nth(1)).toContainText("this call");
  await expect(calls.nth(1)).toHaveAttribute("aria-current", "true");
  await expect(calls.nth(2)).toContainText("blocked");
  await expect(calls.nth(2)).toContainText("policy: deny");
  await expect(page.getByTestId("session-summary")).toContainText("3 calls, 1 not ok, 1 flagged");

  // A session nobody reported: the empty state, not an error.
  await page.goto(`/events/session?session=${randomUUID()}`);
  await expect(page.getByText("No calls in this session")).toBeVisible();
});
