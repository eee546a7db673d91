import { randomUUID } from "node:crypto";
import type { Page } from "@playwright/test";
import { createGateway, createUser, db, expect, signInAs, test } from "./support/fixtures";
import { cancelApproval, requestApproval } from "./support/approvals";
import { expectNoSeriousA11yViolations } from "./support/axe";

// Issue 19, "Safety first": a reviewer decides by keyboard without a wrong decision, in urgency order,
// with the budgets and the risk in view.

test.describe.configure({ timeout: 120_000 });

// Every request a test holds, withdrawn after it, so no later spec finds it in its queue.
const held: { apiKey: string; id: string }[] = [];
async function hold(gw: { apiKey: string }, over: Parameters<typeof requestApproval>[1]): Promise<string> {
  const id = await requestApproval(gw.apiKey, over);
  held.push({ apiKey: gw.apiKey, id });
  return id;
}
test.afterEach(async () => {
  for (const h of held.splice(0)) await cancelApproval(h.apiKey, h.id);
});

/** The ids of the queue's requests, top to bottom, as shown. */
async function queueIds(page: Page): Promise<string[]> {
  const ids = await page.getByRole("list", { name: "Queue" }).getByRole("button").evaluateAll((els) => els.map((e) => e.getAttribute("data-testid") ?? ""));
  return ids.filter((t) => t.startsWith("queue-item-")).map((t) => t.slice("queue-item-".length));
}

async function votesOf(id: string) {
  return (await db()).approvalVote.findMany({ where: { approvalId: id } });
}

test("keyboard only: approve takes a confirming Enter, deny takes a reason, each decision moves to the next request, no stray key votes", async ({ page }) => {
  const gw = await createGateway();
  const reviewer = await createUser(["reviewer"]);
  // Three requests, consecutive in urgency order.
  const tools = ["refund_a", "refund_b", "refund_c"].map((t) => `${t}_${randomUUID().slice(0, 6)}`);
  const [first, second, third] = [
    await hold(gw, { server: "payments", tool: tools[0], params: { amount: 489 }, timeoutSeconds: 400 }),
    await hold(gw, { server: "payments", tool: tools[1], params: { amount: 12 }, timeoutSeconds: 401 }),
    await hold(gw, { server: "payments", tool: tools[2], params: { amount: 7 }, timeoutSeconds: 402 }),
  ];
  await signInAs(page, reviewer.email, reviewer.password);
  await page.goto("/approvals");
  await expect(page.getByTestId(`queue-item-${third}`)).toBeVisible();
  const ids = await queueIds(page);
  expect(ids.indexOf(second)).toBe(ids.indexOf(first) + 1);
  expect(ids.indexOf(third)).toBe(ids.indexOf(second) + 1);

  await page.getByTestId(`queue-item-${first}`).click();
  const detail = (tool: string) => page.getByRole("article", { name: `Request ${tool} on payments` });
  await expect(detail(tools[0]).getByRole("button", { name: /^Approve/ })).toBeEnabled();
  // Accessibility of the queue and the request detail, both on screen.
  await expectNoSeriousA11yViolations(page, { include: ["main"] });
  const comment = page.getByLabel(/^Comment/);
  const confirm = page.getByRole("alertdialog", { name: "Confirm approval" });

  // `a` alone does not vote: it asks, naming the request; Esc takes it back.
  await page.keyboard.press("a");
  await expect(confirm).toContainText(`Approve ${tools[0]} on payments for alice@example.com?`);
  await expect(confirm.getByRole("button", { name: /Confirm approve/ })).toBeFocused();
  await page.keyboard.press("a"); // a double tap is not a confirmation
  await page.keyboard.press("Escape");
  await expect(confirm).toHaveCount(0);
  expect(await votesOf(first)).toEqual([]);

  // Esc leaves the comment box, so the next shortcut is a shortcut, not text.
  await page.keyboard.press("c");
  await expect(comment).toBeFocused();
  await page.keyboard.type("Checked the order");
  await page.keyboard.press("Escape");
  await expect(comment).not.toBeFocused();
  await page.keyboard.press("a");
  await expect(confirm).toBeVisible();
  await expect(comment).toHaveValue("Checked the order");
  await page.keyboard.press("Enter");

  // Decided: the NEXT request is selected and focused (not the top of the queue).
  await expect(page.getByTestId(`queue-item-${first}`)).toHaveCount(0);
  await expect(page.getByTestId(`queue-item-${second}`)).toHaveAttribute("aria-current", "true");
  await expect(page.getByTestId(`queue-item-${second}`)).toBeFocused();
  await expect(detail(tools[1])).toBeVisible();
  expect(await votesOf(first)).toEqual([expect.objectContaining({ reviewerId: reviewer.id, decision: "approve", comment: "Checked the order" })]);

  // Deny needs a reason; the error goes once one is typed; Esc then `d` sends exactly that reason.
  await expect(detail(tools[1])).toContainText("returned to the agent as the tool's error");
  await page.keyboard.press("d");
  await expect(detail(tools[1]).getByText("Give a reason to deny.")).toBeVisible();
  await expect(comment).toBeFocused();
  expect(await votesOf(second)).toEqual([]);
  await page.keyboard.type("Not what the user asked for");
  await expect(detail(tools[1]).getByText("Give a reason to deny.")).toHaveCount(0);
  await page.keyboard.press("Escape");
  await page.keyboard.press("d");
  await expect(page.getByTestId(`queue-item-${third}`)).toHaveAttribute("aria-current", "true");
  await expect(page.getByTestId(`queue-item-${third}`)).toBeFocused();
  expect(await votesOf(second)).toEqual([expect.objectContaining({ decision: "deny", comment: "Not what the user asked for" })]);

  // Tab order in the decision form: the comment, then Deny, then Approve; Enter on Approve still asks.
  await expect(detail(tools[2])).toBeVisible();
  await page.keyboard.press("c");
  await page.keyboard.press("Tab");
  await expect(detail(tools[2]).getByRole("button", { name: /^Deny/ })).toBeFocused();
  await page.keyboard.press("Tab");
  await expect(detail(tools[2]).getByRole("button", { name: /^Approve/ })).toBeFocused();
  await page.keyboard.press("Enter");
  await expect(confirm).toContainText(`Approve ${tools[2]} on payments`);
  await page.keyboard.press("Escape");
  await expect(confirm).toHaveCount(0);
  expect(await votesOf(third)).toEqual([]);
  expect((await (await db()).approval.findUniqueOrThrow({ where: { id: third } })).status).toBe("pending");
});

test("the queue puts the least time left first, then the highest risk, sort shown, changeable and kept in the URL; cards show the risk score with its reasons and scale; a costly request shows its budgets, and that the gateway will refuse it anyway over a hard one", async ({ page }) => {
  const { createBudget } = await import("../lib/budgets/create-budget");
  const gw = await createGateway();
  const reviewer = await createUser(["reviewer"]);
  // Same minute left (the risky one first, so it also expires first), then one with much less time left.
  const risky = await hold(gw, { riskFlags: ["prompt_injection"], timeoutSeconds: 590 });
  const calm = await hold(gw, { timeoutSeconds: 590 });
  const soon = await hold(gw, { timeoutSeconds: 150 });
  await signInAs(page, reviewer.email, reviewer.password);
  await page.goto("/approvals");
  await expect(page.getByTestId(`queue-item-${soon}`)).toBeVisible();
  await expect(page.getByLabel("Sort queue")).toHaveValue("urgency");
  await expect(page.getByLabel("Sort queue").locator("option:checked")).toHaveText("Time left, then risk");
  let ids = await queueIds(page);
  expect(ids.indexOf(soon)).toBeLessThan(ids.indexOf(risky));
  expect(ids.indexOf(risky)).toBeLessThan(ids.indexOf(calm));

  const risk = page.getByTestId(`risk-${risky}`);
  await expect(risk).toContainText(/Risk \d+\/100/);
  await expect(risk).toContainText("prompt_injection");
  await expect(page.getByTestId(`risk-${calm}`)).toContainText("Risk 0/100");

  await page.getByLabel("Sort queue").selectOption("risk");
  await expect(page).toHaveURL(/[?&]sort=risk/);
  await expect.poll(async () => (await queueIds(page)).filter((i) => i === risky || i === soon)).toEqual([risky, soon]);
  await page.reload();
  await expect(page.getByLabel("Sort queue")).toHaveValue("risk");
  await expect(page.getByTestId(`queue-item-${soon}`)).toBeVisible();
  ids = await queueIds(page);
  expect(ids.indexOf(risky)).toBeLessThan(ids.indexOf(soon));
  expect(ids.indexOf(soon)).toBeLessThan(ids.indexOf(calm));

  // Batch: two requests of one tool (and rule) approved together, each voted on its own.
  const batchTool = `refund_${randomUUID().slice(0, 6)}`;
  const batch = [await hold(gw, { server: "payments", tool: batchTool, params: { amount: 5 } }), await hold(gw, { server: "payments", tool: batchTool, params: { amount: 6 } })];
  const batchBox = (id: string) => page.getByRole("listitem").filter({ has: page.getByTestId(`queue-item-${id}`) }).getByRole("checkbox", { name: /for a batch decision$/ });
  await page.getByTestId(`queue-item-${batch[0]}`).click();
  await page.keyboard.press("x"); // selects the current request for the batch
  await expect(batchBox(batch[0])).toBeChecked();
  await batchBox(batch[1]).check();
  const bar = page.getByRole("region", { name: "Batch decision" });
  await expect(bar).toContainText(`2 selected · ${batchTool} on payments`);
  await bar.getByRole("button", { name: "Approve 2" }).click();
  await bar.getByRole("alertdialog", { name: "Confirm batch approval" }).getByRole("button", { name: "Confirm approve 2" }).click();
  for (const id of batch) await expect(page.getByTestId(`queue-item-${id}`)).toHaveCount(0);
  for (const id of batch) expect(await votesOf(id)).toEqual([expect.objectContaining({ reviewerId: reviewer.id, decision: "approve" })]);

  // Budget context, and a quick reason as the deny reason.
  const userId = `analyst-${randomUUID().slice(0, 8)}@example.com`;
  const tool = `run_query_${randomUUID().slice(0, 6)}`;
  const hard = await createBudget({ input: { name: `Daily cap ${userId}`, scope: "user", scopeValue: userId, period: "day", limitUsd: "0.65", mode: "hard" }, actor: { email: "e2e" } });
  const soft = await createBudget({ input: { name: `Queries ${tool}`, scope: "tool", scopeValue: tool, period: "month", limitUsd: "100", mode: "soft" }, actor: { email: "e2e" } });
  const id = await hold(gw, { server: "snowflake", tool, userId, params: { sql: "select * from orders" }, estimatedCostUsd: 14.75 });
  await page.getByTestId(`queue-item-${id}`).click();
  const detail = page.getByRole("article", { name: `Request ${tool} on snowflake` });
  const budgets = detail.getByRole("region", { name: "Budgets this call falls under" });
  await expect(budgets.getByTestId(`budget-line-${hard.id}`)).toContainText("$0.65 left of $0.65 per day");
  await expect(budgets.getByTestId(`budget-line-${hard.id}`)).toContainText("this call ($14.75) would exceed it");
  await expect(budgets.getByTestId(`budget-line-${soft.id}`)).toContainText("$100.00 left of $100.00 per month");
  await expect(budgets.getByTestId(`budget-line-${soft.id}`)).toContainText("fits");
  await expect(budgets).toContainText("The gateway will refuse this call anyway");

  await detail.getByRole("group", { name: "Quick reasons" }).getByRole("button", { name: "Over budget" }).click();
  await expect(detail.getByLabel(/^Comment/)).toHaveValue("Over budget");
  await detail.getByRole("button", { name: /^Deny/ }).click();
  await expect.poll(async () => (await votesOf(id)).map((v) => [v.decision, v.comment])).toEqual([["deny", "Over budget"]]);
});


test("a request's context: a similar past decision with its reviewer and reason (opening in History), the risky values marked with a legend, and another reviewer's claim in the queue and the detail", async ({ page }) => {
  const { decideApproval } = await import("../lib/approvals/decide-approval");
  const { claimApproval } = await import("../lib/approvals/claim-approval");
  const gw = await createGateway();
  const reviewer = await createUser(["reviewer"]);
  const colleague = await createUser(["reviewer"]);
  const tool = `wire_${randomUUID().slice(0, 6)}`;
  const userId = `payer-${randomUUID().slice(0, 8)}@example.com`;
  // A precedent: the same tool, denied with a reason.
  const past = await requestApproval(gw.apiKey, { server: "bank", tool, userId: `other-${randomUUID().slice(0, 6)}@example.com`, params: { to: "x@example.com", amount: 10 } });
  await decideApproval({ id: past, reviewer: colleague, input: { decision: "deny", comment: "Payee not on the vendor list" }, actor: { email: colleague.email } });
  const id = await hold(gw, { server: "bank", tool, userId, params: { to: "payee@gmail.com", amount: 489, note: "inv\u200Boice" } });
  await claimApproval({ id, reviewer: colleague, actor: { email: colleague.email } });

  await signInAs(page, reviewer.email, reviewer.password);
  await page.goto("/approvals");
  await expect(page.getByTestId(`queue-item-${id}`).getByTestId("claim-badge")).toContainText(`Claimed by ${colleague.email}`);
  await page.getByTestId(`queue-item-${id}`).click();
  const detail = page.getByRole("article", { name: `Request ${tool} on bank` });
  await expect(detail.getByTestId("claim-control")).toContainText(`Claimed by ${colleague.email}`);

  // Risky values, marked where they are, with the legend.
  const params = detail.getByLabel("Parameters");
  await expect(params.locator('[data-risky~="external_email"]')).toContainText("payee@gmail.com");
  await expect(params.locator('[data-risky~="money"]')).toContainText("489");
  await expect(params.locator('[data-risky~="invisible"] [data-invisible]')).toBeVisible();
  await expect(detail.getByTestId("risky-params-legend")).toContainText("external e-mail");

  // The requester's recent calls, in the events explorer with its exact URL contract.
  const href = await detail.getByTestId("recent-calls-link").getAttribute("href");
  const url = new URL(href!, "http://x");
  expect(url.pathname).toBe("/events");
  expect(url.searchParams.get("user")).toBe(userId);
  expect(url.searchParams.get("range")).toMatch(/^(custom|7d)$/);

  // The precedent, with reviewer and reason; it opens in History in the same detail view.
  const precedent = detail.getByTestId(`precedent-${past}`);
  await expect(precedent).toContainText("Denied by " + colleague.email);
  await expect(precedent).toContainText("Payee not on the vendor list");
  await expect(precedent).toContainText("same tool");
  await precedent.getByRole("link").click();
  await expect(page).toHaveURL(new RegExp(`tab=history.*id=${past}|id=${past}.*tab=history`));
  await expect(page.getByRole("article", { name: `Request ${tool} on bank` })).toContainText("Payee not on the vendor list");
});
