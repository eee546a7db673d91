import { randomUUID } from "node:crypto";
import { baseURL, createGateway, createUser, db, expect, signInAs, test } from "./support/fixtures";

// What a gateway does: ask before a costly call, report the call afterwards.
async function gateway(apiKey: string, path: string, body: unknown) {
  const res = await fetch(`${baseURL}/api/v1${path}`, {
    method: "POST",
    headers: { authorization: `Bearer ${apiKey}`, "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  expect(res.status, path).toBe(200);
  return res.json();
}

const call = (team: string, costUsd: number) => ({
  id: randomUUID(),
  timestamp: new Date().toISOString(),
  userId: `dev-${randomUUID().slice(0, 6)}@example.com`,
  team,
  server: "search-api",
  tool: "web_search",
  status: "ok",
  durationMs: 420,
  costUsd,
});

test("a manager creates a team budget, watches spend arrive, lowers the limit, and the gateway's next authorization is refused", async ({ page }) => {
  const manager = await createUser(["manager"]);
  const gw = await createGateway();
  const team = `payments-${randomUUID().slice(0, 6)}`;
  const name = `Payments ${team.slice(-6)}`;

  await signInAs(page, manager.email, manager.password);
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Budgets" }).click();
  await page.getByRole("button", { name: "Add a budget" }).click();
  const form = page.getByRole("form", { name: "Create budget" });
  await form.getByLabel("Name").fill(name);
  await form.getByLabel("Applies to").selectOption("team");
  await form.getByLabel("Team").fill(team);
  await form.getByLabel("Period").selectOption("month");
  await form.getByLabel("Limit (USD)").fill("50");
  await form.getByRole("button", { name: "Create budget" }).click();

  const card = page.getByRole("list", { name: "Budgets" }).getByRole("listitem").filter({ hasText: name });
  await expect(card).toContainText("$0.00 spent");
  const budget = await (await db()).budget.findFirstOrThrow({ where: { scope: "team", scopeValue: team } });
  expect([budget.limitUsd.toString(), budget.mode, budget.period]).toEqual(["50", "hard", "month"]);

  // The gateway authorizes a call, reports it with its actual cost, and other calls of the team arrive.
  const ok = await gateway(gw.apiKey, "/spend/authorize", { userId: "dev@example.com", team, tool: "web_search", estimatedCostUsd: 5 });
  expect(ok.allowed).toBe(true);
  await expect(card).toContainText("$5.00 reserved");
  await gateway(gw.apiKey, "/events", { events: [{ ...call(team, 4.5), reservationId: ok.reservationId }, call(team, 6), call(team, 2)] });
  await expect(card).toContainText("$12.50 spent");

  // The manager lowers the limit below what was spent: the budget now blocks.
  await card.getByRole("link", { name }).click();
  // The detail page draws the forecast as a dashed line to the end of the period.
  const chart = page.getByTestId("daily-spend-chart");
  await expect(chart.locator(".recharts-legend-item", { hasText: "Forecast" })).toBeVisible();
  await expect(chart.locator('path.recharts-line-curve[stroke-dasharray="6 4"]')).toHaveCount(1);
  await page.getByRole("button", { name: "Edit budget" }).click();
  const edit = page.getByRole("form", { name: "Edit budget" });
  await edit.getByLabel("Limit (USD)").fill("10");
  await edit.getByRole("button", { name: "Save budget" }).click();
  await expect(page.getByText("This hard budget is used up")).toBeVisible();
  await expect(page.getByRole("list", { name: "Budget history" })).toContainText("limit $50 → $10");
  await expect(page.getByRole("list", { name: "Budget history" })).toContainText(manager.email);
  expect((await (await db()).budget.findUniqueOrThrow({ where: { id: budget.id } })).limitUsd.toString()).toBe("10");

  // The gateway's next authorization for the team is refused, naming this budget.
  const refused = await gateway(gw.apiKey, "/spend/authorize", { userId: "dev@example.com", team, tool: "web_search", estimatedCostUsd: "0.01" });
  expect(refused).toMatchObject({ allowed: false, budget: { id: budget.id, limitUsd: "10", spentUsd: "12.5" } });
});

test("a viewer cannot open budgets; a security user sees them but cannot change them", async ({ browser }) => {
  const viewerCtx = await browser.newContext();
  const viewerPage = await viewerCtx.newPage();
  const viewer = await createUser(["viewer"]);
  await signInAs(viewerPage, viewer.email, viewer.password);
  expect((await viewerPage.goto("/budgets"))?.status()).toBe(403);
  await viewerCtx.close();

  const secCtx = await browser.newContext();
  const secPage = await secCtx.newPage();
  const security = await createUser(["security"]);
  await signInAs(secPage, security.email, security.password);
  await secPage.goto("/budgets");
  await expect(secPage.getByRole("heading", { name: "Budgets" })).toBeVisible();
  await expect(secPage.getByRole("button", { name: "Add a budget" })).toHaveCount(0);
  await secCtx.close();
});
