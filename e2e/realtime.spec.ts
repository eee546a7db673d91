import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import { startAppServer, type AppServer } from "../tests/support/app-server";
import { stackFile } from "./support/stack-file";
import { baseURL, createGateway, createUser, expect, signInAs, test } from "./support/fixtures";

// Live updates in the browser: the explorer's live tail and the overview refresh without a reload when
// events are ingested, also when the browser is connected to a second instance.

async function postEvent(apiKey: string, e: Record<string, unknown> = {}, base = baseURL) {
  const res = await fetch(`${base}/api/v1/events`, {
    method: "POST",
    headers: { authorization: `Bearer ${apiKey}`, "content-type": "application/json" },
    body: JSON.stringify({ events: [{ id: randomUUID(), timestamp: new Date().toISOString(), userId: "live@corp.test", server: "slack", tool: "send_message", status: "ok", ...e }] }),
  });
  expect(res.status).toBe(200);
}

test("an event posted through the API appears on the open explorer within seconds, without reload", async ({ page }) => {
  const gw = await createGateway();
  await postEvent(gw.apiKey, { tool: "first_call" });
  const user = await createUser(["security"]);
  await signInAs(page, user.email, user.password);
  await page.goto(`/events?gateway=${gw.gatewayId}&live=1`);
  await expect(page.getByRole("switch", { name: "Live tail" })).toBeChecked();
  await expect(page.getByTestId("event-row")).toHaveCount(1);
  await expect(page.getByTestId("live-indicator")).toHaveAttribute("data-status", "live");
  const navigations: string[] = [];
  page.on("framenavigated", (f) => f === page.mainFrame() && navigations.push(f.url()));

  const tool = `arrived_${randomUUID().slice(0, 6)}`;
  await postEvent(gw.apiKey, { tool });
  await expect(page.getByTestId("event-row").filter({ hasText: tool })).toBeVisible({ timeout: 10_000 });
  await expect(page.getByTestId("event-row").first()).toContainText(tool);
  expect(navigations).toEqual([]);
});

test("with live tail off the list stays put and offers the new events", async ({ page }) => {
  const gw = await createGateway();
  await postEvent(gw.apiKey, { tool: "before" });
  const user = await createUser(["security"]);
  await signInAs(page, user.email, user.password);
  await page.goto(`/events?gateway=${gw.gatewayId}`);
  await expect(page.getByTestId("event-row")).toHaveCount(1);
  await postEvent(gw.apiKey, { tool: "after" });
  await expect(page.getByRole("button", { name: "Show latest" })).toBeVisible({ timeout: 10_000 });
  await expect(page.getByTestId("event-row")).toHaveCount(1);
  await page.getByRole("button", { name: "Show latest" }).click();
  await expect(page.getByTestId("event-row")).toHaveCount(2);
  await expect(page.getByTestId("event-row").first()).toContainText("after");
});

test("the overview refreshes live when events arrive", async ({ page }) => {
  const gw = await createGateway();
  await postEvent(gw.apiKey);
  const user = await createUser(["security"]);
  await signInAs(page, user.email, user.password);
  await page.goto(`/?gateway=${gw.gatewayId}&range=1h`);
  await expect(page.getByTestId("kpi-calls-value")).toHaveText("1");
  await postEvent(gw.apiKey, { status: "error" });
  await postEvent(gw.apiKey);
  await expect(page.getByTestId("kpi-calls-value")).toHaveText("3", { timeout: 10_000 });
  await expect(page.getByTestId("kpi-error-rate-value")).toHaveText("33.3 %");
});

test.describe("two instances", () => {
  let b: AppServer;
  test.beforeAll(async () => {
    const { databaseUrl } = JSON.parse(readFileSync(stackFile(Number(process.env.E2E_PORT)), "utf8")) as { databaseUrl: string };
    b = await startAppServer({ databaseUrl, name: "e2e-instance-b", env: { WARDEN_DIST_DIR: process.env.WARDEN_DIST_DIR ?? ".next", WARDEN_JOBS: "0" } });
  });
  test.afterAll(async () => {
    await b?.stop();
  });

  test("an event ingested through instance A appears on a browser connected to instance B", async ({ page }) => {
    test.setTimeout(120_000);
    const gw = await createGateway();
    const user = await createUser(["security"]);
    await page.goto(`${b.url}/login`);
    await page.getByLabel("Email").fill(user.email);
    await page.getByLabel("Password").fill(user.password);
    await page.getByRole("button", { name: "Sign in", exact: true }).click();
    await expect(page.getByRole("navigation", { name: "Main" })).toBeVisible();
    await page.goto(`${b.url}/events?gateway=${gw.gatewayId}&live=1&range=1h`);
    await expect(page.getByText("No events match")).toBeVisible();
    await expect(page.getByTestId("live-indicator")).toHaveAttribute("data-status", "live");

    const tool = `via_a_${randomUUID().slice(0, 6)}`;
    await postEvent(gw.apiKey, { tool }, baseURL);
    await expect(page.getByTestId("event-row").filter({ hasText: tool })).toBeVisible({ timeout: 15_000 });
    expect(new URL(page.url()).origin).toBe(b.url);
  });
});
