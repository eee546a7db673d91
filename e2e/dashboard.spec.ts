import { randomUUID } from "node:crypto";
import { readFile } from "node:fs/promises";
import { createGateway, createUser, db, expect, signInAs, test, postEvents as sendEvents } from "./support/fixtures";
import { heldAlertRuleId } from "./support/held-alert-rule";

// The overview and the explorer against events sent through the real gateway API. Each test uses its own
// gateway and filters the pages by it, so other specs' data does not show up.

type Ev = Record<string, unknown> & { timestamp: string };

async function postEvents(apiKey: string, events: Ev[]) {
  await sendEvents(apiKey, events.map((e) => ({ id: randomUUID(), userId: "dana@corp.test", team: "platform", server: "github", tool: "create_issue", status: "ok", ...e })));
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

test("alerts in the range are flagged on the overview's time charts at their bucket, open on click, update live; a viewer gets none", async ({ page, browser }) => {
  const { raiseAlert } = await import("../lib/alerts/raise-alert");
  const { bucketStart } = await import("../lib/metrics/time-window");
  const { formatBucket } = await import("../components/charts/format");
  const gw = await createGateway();
  await seedDay(gw.apiKey);
  // With a rule that holds them open: the detector's minute run would resolve them otherwise, and the one
  // acknowledged below would answer 409 whenever a run fell between its creation and the acknowledge.
  const ruleId = await heldAlertRuleId();
  const raise = (opts: { title: string; severity: "info" | "warning" | "critical"; at: Date }) =>
    db().then((d) =>
      d.$transaction((tx) =>
        raiseAlert(tx, { dedupeKey: `e2e-marker:${randomUUID()}`, source: "anomaly", kind: "error_rate", ruleId, severity: opts.severity, subjectType: "gateway", subjectValue: gw.gatewayId, title: opts.title, explanation: "seeded by the e2e test", now: opts.at }),
      ),
    );
  // An HTML title: drawn as text (the flag's <title>, the list's link), never as markup.
  const title = `Error spike <img src=x onerror="window.__pwned=1"> ${randomUUID().slice(0, 8)}`;
  const openedAt = new Date(Date.now() - 3 * HOUR - 10 * MIN);
  const spike = await raise({ title, severity: "critical", at: openedAt });
  // A second one that lasted from 6 h to 4 h ago: a band.
  const band = await raise({ title: `Latency drift ${randomUUID().slice(0, 8)}`, severity: "warning", at: new Date(Date.now() - 6 * HOUR) });
  await (await db()).alert.update({ where: { id: band.id }, data: { status: "resolved", openKey: null, resolvedAt: new Date(Date.now() - 4 * HOUR) } });

  const security = await createUser(["security"]);
  await signInAs(page, security.email, security.password);
  await page.goto(`/?gateway=${gw.gatewayId}`);
  const label = `Critical: ${title} (gateway ${gw.name})`;
  for (const id of ["chart-calls", "chart-error-rate", "chart-latency", "chart-cost", "chart-risk-flags"]) {
    const flag = page.getByTestId(id).locator(`[data-marker-id="${spike.id}"]`);
    await expect(flag, id).toHaveAttribute("aria-label", label);
    await expect(flag.locator("title"), id).toHaveText(label);
    await expect(page.getByTestId(id).locator(`[data-marker-id="${band.id}"]`), id).toHaveCount(1);
    await expect(page.getByTestId(id).locator(`[data-marker-band="${band.id}"]`), id).toHaveCount(1);
  }

  // The flag sits on the bucket holding the alert's start: hovering the plot right below it shows that bucket.
  const calls = page.getByTestId("chart-calls");
  const flagBox = (await calls.locator(`[data-marker-id="${spike.id}"]`).boundingBox())!;
  const plot = (await calls.locator(".recharts-cartesian-grid").boundingBox())!;
  await page.mouse.move(flagBox.x + flagBox.width / 2, plot.y + plot.height / 2);
  await expect(calls.locator(".recharts-tooltip-label")).toHaveText(formatBucket(bucketStart(openedAt, 3600, new Date(0)).toISOString(), 3600));

  // The list under the charts: a link per alert, as text.
  const list = page.getByRole("region", { name: "Alerts in this range" });
  const link = list.getByRole("link", { name: title, exact: true });
  await expect(link).toHaveAttribute("href", `/alerts?alert=${spike.id}`);
  await expect(list.locator("li").filter({ has: page.getByRole("link", { name: title, exact: true }) })).toContainText(`gateway ${gw.name}`);
  expect(await page.locator('img[src="x"]').count()).toBe(0);
  expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();

  // A click on a flag opens the alert.
  await calls.locator(`[data-marker-id="${spike.id}"]`).click();
  await expect(page).toHaveURL(new RegExp(`/alerts\\?alert=${spike.id}$`));
  await expect(page.getByTestId("alert-detail").getByRole("heading", { name: title })).toBeVisible();

  // Live: an alert raised while the overview is open shows up when the "alerts" topic announces a change
  // (here: it is acknowledged through the API), without a reload.
  await page.goBack();
  await expect(calls.locator(`[data-marker-id="${spike.id}"]`)).toHaveCount(1);
  const late = await raise({ title: `Cost spike ${randomUUID().slice(0, 8)}`, severity: "info", at: new Date(Date.now() - 30 * MIN) });
  const ack = await page.evaluate(async (id) => (await fetch(`/api/alerts/${id}/acknowledge`, { method: "POST", headers: { "content-type": "application/json" }, body: "{}" })).status, late.id);
  expect(ack).toBe(200);
  await expect(calls.locator(`[data-marker-id="${late.id}"]`)).toHaveAttribute("aria-label", new RegExp(`^Info: Cost spike`));

  // The keyboard way: the list's link, with Enter.
  await list.getByRole("link", { name: title, exact: true }).focus();
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(new RegExp(`/alerts\\?alert=${spike.id}$`));

  // A viewer (no alerts:read) sees the charts, no flags, no list, and never asks for markers.
  const viewer = await createUser(["viewer"]);
  const context = await browser.newContext();
  const viewerPage = await context.newPage();
  const markerRequests: string[] = [];
  viewerPage.on("request", (r) => r.url().includes("/api/alerts") && markerRequests.push(r.url()));
  await signInAs(viewerPage, viewer.email, viewer.password);
  await viewerPage.goto(`/?gateway=${gw.gatewayId}`);
  await expect(viewerPage.getByTestId("chart-calls").locator(".recharts-bar-rectangle").first()).toBeVisible();
  await expect(viewerPage.getByTestId("kpi-calls-value")).toHaveText("65");
  await expect(viewerPage.locator("[data-marker-id]")).toHaveCount(0);
  await expect(viewerPage.getByRole("region", { name: "Alerts in this range" })).toHaveCount(0);
  await expect(viewerPage.locator("p[role=alert]")).toHaveCount(0);
  expect(markerRequests).toEqual([]);
  await context.close();
});
