import { randomUUID } from "node:crypto";
import { readFile } from "node:fs/promises";
import { baseURL, createGateway, createUser, db, expect, signInAs, test } from "./support/fixtures";

// The overview and the explorer against events sent through the real gateway API. Each test uses its own
// gateway and filters the pages by it, so other specs' data does not show up.

type Ev = Record<string, unknown> & { timestamp: string };

async function postEvents(apiKey: string, events: Ev[]) {
  const res = await fetch(`${baseURL}/api/v1/events`, {
    method: "POST",
    headers: { authorization: `Bearer ${apiKey}`, "content-type": "application/json" },
    body: JSON.stringify({ events: events.map((e) => ({ id: randomUUID(), userId: "dana@corp.test", team: "platform", server: "github", tool: "create_issue", status: "ok", ...e })) }),
  });
  expect(res.status, await res.clone().text()).toBe(200);
}

const ago = (ms: number) => new Date(Date.now() - ms).toISOString();
const MIN = 60_000;
const HOUR = 3_600_000;

/** 60 calls over the last 20 hours (errors, costs, latencies, flags, two teams) and 5 in the last 10 minutes. */
async function seedDay(apiKey: string) {
  const events: Ev[] = [];
  for (let i = 0; i < 60; i++) {
    events.push({
      timestamp: ago(2 * HOUR + i * 18 * MIN),
      status: i % 6 === 0 ? "error" : i % 15 === 1 ? "blocked" : "ok",
      errorType: i % 6 === 0 ? "upstream_500" : undefined,
      tool: i % 3 === 0 ? "query" : "create_issue",
      server: i % 3 === 0 ? "postgres" : "github",
      team: i % 2 === 0 ? "platform" : "data",
      userId: i % 2 === 0 ? "dana@corp.test" : "eli@corp.test",
      durationMs: 50 + i * 10,
      costUsd: 0.01 * (1 + (i % 4)),
      riskFlags: i % 10 === 0 ? ["prompt_injection"] : [],
    });
  }
  for (let i = 0; i < 5; i++) events.push({ timestamp: ago(2 * MIN + i * MIN), durationMs: 120, costUsd: 0.02 });
  await postEvents(apiKey, events);
}

test("the overview renders every chart from seeded data, and changing the range updates the URL and the charts", async ({ page }) => {
  const gw = await createGateway();
  await seedDay(gw.apiKey);
  const user = await createUser(["security"]);
  await signInAs(page, user.email, user.password);

  await page.goto(`/?gateway=${gw.gatewayId}`);
  for (const id of ["chart-calls", "chart-error-rate", "chart-latency", "chart-cost", "chart-top-tools", "chart-top-spenders", "chart-risk-flags"]) {
    const card = page.getByTestId(id);
    await expect(card.locator(".recharts-surface").first(), id).toBeVisible({ timeout: 30_000 });
    await expect(card.getByText("No data in this range")).toHaveCount(0);
  }
  const total = await (await db()).event.count({ where: { gatewayId: gw.gatewayId } });
  expect(total).toBe(65);
  await expect(page.getByTestId("kpi-calls-value")).toHaveText("65");
  await expect(page.getByTestId("kpi-error-rate-value")).toHaveText(`${((10 / 65) * 100).toFixed(1)} %`);
  await expect(page.getByTestId("kpi-flagged-value")).toHaveText("6");
  await expect(page.getByTestId("chart-top-tools").getByText("query")).toBeVisible();
  await expect(page.getByTestId("chart-cost").getByText("platform").first()).toBeVisible();

  // 15 minutes: only the 5 recent calls, in one-minute buckets.
  const calls15 = page.waitForResponse((r) => r.url().includes("/api/metrics/calls") && r.url().includes("range=15m"));
  await page.getByRole("group", { name: "Time range" }).getByRole("button", { name: "15 min" }).click();
  await expect(page).toHaveURL(/[?&]range=15m/);
  const body = await (await calls15).json();
  expect(body.window.stepSeconds).toBe(60);
  await expect(page.getByTestId("kpi-calls-value")).toHaveText("5");
  await expect(page.getByTestId("chart-top-tools").getByText("No errors in this range")).toBeVisible();

  // 7 days: everything again; the back button returns to 15 minutes.
  await page.getByRole("group", { name: "Time range" }).getByRole("button", { name: "7 d" }).click();
  await expect(page).toHaveURL(/[?&]range=7d/);
  await expect(page.getByTestId("kpi-calls-value")).toHaveText("65");
  await page.goBack();
  await expect(page).toHaveURL(/[?&]range=15m/);
  await expect(page.getByTestId("kpi-calls-value")).toHaveText("5");
});

test("a click on a chart filters the page, and a bucket opens its events in the explorer", async ({ page }) => {
  const gw = await createGateway();
  await seedDay(gw.apiKey);
  const user = await createUser(["security"]);
  await signInAs(page, user.email, user.password);
  await page.goto(`/?gateway=${gw.gatewayId}`);

  // Top tools: a click on the bar filters by that tool.
  await page.getByTestId("chart-top-tools").locator(".recharts-bar-rectangle").first().click();
  await expect(page).toHaveURL(/[?&]tool=query/);
  await expect(page.getByRole("button", { name: "Remove Tool filter" })).toBeVisible();
  await expect(page.getByTestId("kpi-calls-value")).toHaveText("20");

  // Calls chart: a click on an error bar selects that bucket; "View these events" opens the explorer.
  await page.getByTestId("chart-calls").locator(".recharts-bar-rectangle path[fill='#ef4444'], .recharts-bar-rectangle [fill='#ef4444']").first().click();
  const region = page.getByRole("region", { name: "Selected period" });
  await expect(region).toContainText("status error");
  await region.getByRole("link", { name: "View these events" }).click();
  await expect(page).toHaveURL(/\/events\?.*status=error/);
  await expect(page).toHaveURL(/tool=query/);
  const rows = page.getByTestId("event-row");
  await expect(rows.first()).toBeVisible();
  for (const row of await rows.all()) await expect(row).toContainText("error");
});

test("events with HTML and script payloads render as inert text and no script runs", async ({ page }) => {
  const gw = await createGateway();
  const payloads = {
    tool: `<script>window.__pwned=1;alert(1)</script>`,
    server: `<img src=x onerror="window.__pwned=2;alert(2)">`,
    resultSummary: `<a href="javascript:alert(3)">click me</a> <img src=x onerror=alert(4)>`,
  };
  await postEvents(gw.apiKey, [
    {
      timestamp: ago(5 * MIN),
      tool: payloads.tool,
      server: payloads.server,
      userId: `<svg onload=alert(5)>`,
      errorType: `"><script>alert(6)</script>`,
      status: "error",
      params: { html: "<b onmouseover=alert(7)>x</b>", link: "javascript:alert(8)", nested: { "<i>key</i>": ["<script>alert(9)</script>"] } },
      resultSummary: payloads.resultSummary,
      riskFlags: ["prompt_injection"],
    },
  ]);
  const user = await createUser(["security"]);
  await signInAs(page, user.email, user.password);
  const dialogs: string[] = [];
  page.on("dialog", (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });

  await page.goto(`/events?gateway=${gw.gatewayId}`);
  const row = page.getByTestId("event-row").first();
  await expect(row).toContainText(payloads.tool);
  await expect(row).toContainText(payloads.server);
  await row.click();
  const detail = page.getByTestId("event-detail");
  await expect(detail.getByTestId("result-summary")).toHaveText(payloads.resultSummary);
  await expect(detail.getByTestId("json-tree")).toContainText('"javascript:alert(8)"');
  await expect(detail.getByTestId("json-tree")).toContainText('"<script>alert(9)</script>"');
  await expect(detail.getByTestId("json-tree")).toContainText('"<i>key</i>"');

  // Also on the overview (tool names on chart axes and tooltips).
  await page.goto(`/?gateway=${gw.gatewayId}&range=1h`);
  await expect(page.getByTestId("chart-top-tools").locator(".recharts-surface")).toBeVisible();

  for (const p of [page]) {
    expect(await p.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
    expect(await p.locator('img[src="x"], svg[onload], b[onmouseover], a[href^="javascript:"]').count()).toBe(0);
    expect(await p.locator("script:not([src])", { hasText: "alert(" }).count()).toBe(0);
  }
  await page.goto(`/events?gateway=${gw.gatewayId}`);
  await page.getByTestId("event-row").first().click();
  await expect(page.getByTestId("json-tree")).toBeVisible();
  expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
  expect(await page.locator('img[src="x"], svg[onload], b[onmouseover], a[href^="javascript:"]').count()).toBe(0);
  expect(dialogs).toEqual([]);
});

test("export downloads a file with exactly the filtered rows", async ({ page }) => {
  const gw = await createGateway();
  await seedDay(gw.apiKey);
  const user = await createUser(["security"]);
  await signInAs(page, user.email, user.password);
  await page.goto(`/events?gateway=${gw.gatewayId}&status=error`);
  await expect(page.getByTestId("event-row").first()).toBeVisible();

  const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "Export CSV" }).click()]);
  expect(download.suggestedFilename()).toMatch(/^warden-events-.*\.csv$/);
  const csv = await readFile(await download.path(), "utf8");
  const lines = csv.trim().split("\r\n");
  expect(lines[0].split(",").slice(0, 3)).toEqual(["id", "ts", "receivedAt"]);
  const expected = await (await db()).event.findMany({ where: { gatewayId: gw.gatewayId, status: "error" }, select: { id: true } });
  expect(expected).toHaveLength(10);
  expect(lines.slice(1).map((l) => l.split(",")[0]).sort()).toEqual(expected.map((e) => e.id).sort());

  const [nd] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "Export NDJSON" }).click()]);
  const rows = (await readFile(await nd.path(), "utf8")).trim().split("\n").map((l) => JSON.parse(l));
  expect(rows.map((r) => r.status)).toEqual(Array(10).fill("error"));
});
