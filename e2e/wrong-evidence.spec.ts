import { randomUUID } from "node:crypto";
import { baseURL, createGateway, createUser, db, expect, signInAs, test, postEvents as sendEvents } from "./support/fixtures";

// Issue 20, "Wrong evidence": the analyst's path (alert → chart → events), the overview in a quiet hour,
// and a budget created mid-period must show the right evidence, or say what they cannot show. The browser
// runs in another time zone than the server (UTC), as the walk-through that found these did.
test.use({ timezoneId: "America/New_York" });
test.describe.configure({ timeout: 180_000 });

type Ev = Record<string, unknown>;
const MIN = 60_000;

async function postEvents(apiKey: string, events: Ev[]) {
  await sendEvents(apiKey, events.map((e) => ({ id: randomUUID(), timestamp: new Date().toISOString(), userId: "dana@corp.test", team: "platform", server: "postgres", tool: "query", status: "ok", durationMs: 80, ...e })));
}

const calls = (n: number, e: Ev) => Array.from({ length: n }, (_, i) => ({ timestamp: new Date(Date.now() - 1000 - i * 50).toISOString(), ...e }));

/** One detector run now, as the job does it (waiting for a run in progress instead of skipping). */
async function detect() {
  const { runDetectors } = await import("../lib/anomaly/run-detectors");
  await runDetectors({ waitForLock: true });
}

test("from an alert that grew: its story (first, peak, latest), a chart that holds its opening line, and one click to exactly its events", async ({ page }) => {
  const gw = await createGateway();
  const tool = `pg_query_${randomUUID().slice(0, 6)}`;
  const { createAlertRule } = await import("../lib/alerts/create-alert-rule");
  const rule = await createAlertRule({
    input: { name: `Failing ${tool}`, kind: "error_rate", severity: "critical", enabled: true, config: { thresholdPercent: 50, windowMinutes: 5, minCalls: 5, pattern: tool, dimension: "tool", quietMinutes: 120 } },
    actor: { email: "e2e" },
  } as never);
  const ev = { tool, server: "postgres" };
  // Errors of the same tool three hours ago: inside the explorer's default 24 h, outside the alert's window.
  await postEvents(gw.apiKey, calls(4, { ...ev, status: "error", timestamp: new Date(Date.now() - 180 * MIN).toISOString() }));

  // It grows: 3 of 5 calls fail, then 43 of 45, then traffic recovers to 43 of 85 (still above 50 %).
  await postEvents(gw.apiKey, [...calls(3, { ...ev, status: "error" }), ...calls(2, ev)]);
  await detect();
  await postEvents(gw.apiKey, calls(40, { ...ev, status: "error" }));
  await detect();
  await postEvents(gw.apiKey, calls(40, ev));
  await detect();
  const alert = await (await db()).alert.findFirstOrThrow({ where: { ruleId: rule.id } });

  // It has lasted two hours (still firing): its chart is refreshed on the next run.
  await (await db()).$executeRaw`UPDATE alerts SET first_seen_at = now() - interval '2 hours',
    details = jsonb_set(jsonb_set(details, '{chart,seriesAt}', to_jsonb(now() - interval '10 minutes')), '{first,at}', to_jsonb(now() - interval '2 hours'))
    WHERE id = ${alert.id}::uuid`;
  await postEvents(gw.apiKey, calls(1, { ...ev, status: "error" }));
  await detect();

  const security = await createUser(["security"]);
  await signInAs(page, security.email, security.password);
  await page.goto(`/alerts?alert=${alert.id}`);
  const detail = page.getByTestId("alert-detail");
  await expect(detail.getByTestId("alert-explanation")).toContainText("(44 of 86 calls)");
  // 3. First detected, peak and latest, each with its own figures.
  const progress = detail.getByTestId("alert-progress");
  await expect(progress.getByTestId("alert-progress-first-detected")).toContainText("(3 of 5 calls)");
  await expect(progress.getByTestId("alert-progress-peak")).toContainText("(43 of 45 calls)");
  await expect(progress.getByTestId("alert-progress-latest")).toContainText("(44 of 86 calls)");

  // 2. The chart holds the line where the alert opened, inside its plot, named in the page's own clock.
  const chart = detail.getByTestId("alert-chart");
  const opened = chart.locator(".alert-opened-line line");
  await expect(opened).toHaveCount(1);
  const grid = (await chart.locator(".recharts-cartesian-grid").boundingBox())!;
  const line = (await opened.boundingBox())!;
  expect(line.x).toBeGreaterThanOrEqual(grid.x - 1);
  expect(line.x).toBeLessThanOrEqual(grid.x + grid.width + 1);
  const openedText = (await detail.locator("dt", { hasText: /^Opened$/ }).locator("xpath=following-sibling::dd[1]").textContent())!.trim();
  await expect(chart.locator("figcaption")).toContainText(`when the alert opened (${openedText})`);

  // 1. One click lands on exactly the events behind it: its window, its tool, errors only.
  const href = (await detail.getByRole("link", { name: "Show the events behind it" }).getAttribute("href"))!;
  const link = new URL(href, baseURL).searchParams;
  const expected = await (await db()).event.count({
    where: { gatewayId: gw.gatewayId, tool, status: "error", ts: { gte: new Date(link.get("from")!), lt: new Date(link.get("to")!) } },
  });
  expect(expected).toBe(44);
  await detail.getByRole("link", { name: "Show the events behind it" }).click();
  await expect(page).toHaveURL(/\/events\?/);
  await expect(page.getByRole("group", { name: "Time range" }).getByRole("button", { name: "Custom" })).toHaveAttribute("aria-pressed", "true");
  await expect(page.getByText(`${expected} events shown`)).toBeVisible();
  await expect(page.getByTestId("url-problems")).toHaveCount(0);

  // A link the page cannot honour in full says so, and what it shows instead.
  await page.goto(`/events?tool=${tool}&from=${encodeURIComponent(link.get("from")!)}`);
  await expect(page.getByTestId("url-problems")).toContainText("“from” without “to”");
  await expect(page.getByTestId("url-problems")).toContainText("Showing the last 24 hours instead.");
});

test("the overview in a quiet hour: lines and low-volume points drawn, the partial bucket marked, a cost axis to scale, flags that open their own alert above an uncovered spike, and drill-downs the role can open", async ({ page, browser }) => {
  const gw = await createGateway();
  const suffix = randomUUID().slice(0, 6);
  const at = (minAgo: number) => new Date(Date.now() - minAgo * MIN).toISOString();
  // A quiet hour: three calls (one failing) at 40 min, a spike at 25 min, three calls at 10 min; $0.27 spent.
  await postEvents(gw.apiKey, [
    ...calls(3, { timestamp: at(40), costUsd: 0.03 }).map((e, i) => ({ ...e, status: i === 0 ? "error" : "ok" })),
    ...calls(30, { timestamp: at(25), status: "error", costUsd: 0.005 }),
    ...calls(3, { timestamp: at(10), costUsd: 0.01, durationMs: 1500 }),
  ]);
  // Earlier the same day, outside the hour: $5 that a one-hour zoom must not show.
  await postEvents(gw.apiKey, calls(1, { timestamp: at(70), costUsd: 5 }));
  const { raiseAlert } = await import("../lib/alerts/raise-alert");
  const spikeAt = new Date(Date.now() - 25 * MIN);
  const raise = (server: string) =>
    db().then((d) =>
      d.$transaction((tx) =>
        raiseAlert(tx, { dedupeKey: `e2e-quiet:${randomUUID()}`, source: "anomaly", kind: "error_rate", severity: "critical", subjectType: "server", subjectValue: server, title: `Error spike ${server}`, explanation: "seeded", now: spikeAt }),
      ),
    );
  const github = await raise(`github-${suffix}`);
  const filesystem = await raise(`filesystem-${suffix}`);
  await (await db()).alert.updateMany({ where: { id: { in: [github.id, filesystem.id] } }, data: { status: "resolved", openKey: null, resolvedAt: new Date(Date.now() - 15 * MIN) } });

  const security = await createUser(["security"]);
  await signInAs(page, security.email, security.password);
  await page.goto(`/?gateway=${gw.gatewayId}&range=1h`);
  await expect(page.getByTestId("kpi-calls-value")).toHaveText("36", { timeout: 60_000 });

  // Lines in a quiet hour: every bucket with calls is drawn; those with a handful of calls are low-confidence.
  const errorRate = page.getByTestId("chart-error-rate");
  await expect(errorRate.locator(".chart-dot")).toHaveCount(3);
  await expect(errorRate.locator('.chart-dot[data-low-confidence="true"]')).toHaveCount(2);
  await expect(page.getByTestId("chart-latency").locator(".chart-dot")).toHaveCount(6);
  // The bucket still filling is marked partial.
  await expect(page.getByTestId("chart-calls").getByTestId("chart-quality")).toContainText("still filling");
  // The cost axis is to the scale of its bars ($0.27 at most), not whole dollars.
  const cost = page.getByTestId("chart-cost");
  await expect(cost.locator(".recharts-bar-rectangle").first()).toBeVisible();
  const ticks = (await cost.locator(".recharts-yAxis-tick-labels .recharts-cartesian-axis-tick-value").allTextContents()).map((t) => Number(t.replace(/[$,]/g, "")));
  expect(ticks.length).toBeGreaterThan(1);
  expect(Math.max(...ticks)).toBeLessThan(1);
  // "Top users" in a one-hour zoom shows that hour, not whole days.
  const spenders = page.getByTestId("chart-top-spenders");
  await expect(spenders.locator(".recharts-bar-rectangle").first()).toBeVisible();
  await expect(spenders).not.toContainText("whole UTC days");
  const spendTicks = (await spenders.locator(".recharts-xAxis-tick-labels .recharts-cartesian-axis-tick-value").allTextContents()).map((t) => Number(t.replace(/[$,]/g, "")));
  expect(spendTicks.length).toBeGreaterThan(1);
  expect(Math.max(...spendTicks)).toBeLessThan(1);

  // Two alerts that opened in the same bucket: each flag is clickable and opens its own alert.
  const calls_ = page.getByTestId("chart-calls");
  const ghFlag = calls_.locator(`[data-marker-id="${github.id}"]`);
  await expect(ghFlag).toHaveAttribute("aria-label", new RegExp(`server github-${suffix}`));
  // Their bands lie beneath the bars: the spike they mark stays in plain sight.
  const bandBelowBars = await calls_.evaluate((el, id) => {
    const band = el.querySelector(`[data-marker-band="${id}"]`);
    const bar = el.querySelector(".recharts-bar-rectangle");
    return !!band && !!bar && (band.compareDocumentPosition(bar) & Node.DOCUMENT_POSITION_FOLLOWING) !== 0;
  }, github.id);
  expect(bandBelowBars).toBe(true);
  await ghFlag.click({ timeout: 10_000 });
  await expect(page).toHaveURL(new RegExp(`/alerts\\?alert=${github.id}$`));
  await page.goBack();
  await calls_.locator(`[data-marker-id="${filesystem.id}"]`).click({ timeout: 10_000 });
  await expect(page).toHaveURL(new RegExp(`/alerts\\?alert=${filesystem.id}$`));

  // KPI tiles lead to their pages.
  await page.goto(`/?gateway=${gw.gatewayId}&range=1h`);
  await page.getByTestId("kpi-open-alerts").getByRole("link", { name: "Open alerts" }).click();
  await expect(page).toHaveURL(/\/alerts$/);
  await page.goBack();
  await page.getByTestId("kpi-pending-approvals").getByRole("link", { name: "Pending approvals" }).click();
  await expect(page).toHaveURL(/\/approvals$/);

  // A viewer's drill-downs offer only what a viewer can open: no events, approvals or alerts.
  const viewer = await createUser(["viewer"]);
  const context = await browser.newContext({ timezoneId: "America/New_York" });
  const viewerPage = await context.newPage();
  await signInAs(viewerPage, viewer.email, viewer.password);
  await viewerPage.goto(`/?gateway=${gw.gatewayId}&range=1h`);
  await viewerPage.getByTestId("chart-calls").locator(".recharts-bar-rectangle").first().click();
  const region = viewerPage.getByRole("region", { name: "Selected period" });
  await expect(region.getByRole("button", { name: "Zoom to this period" })).toBeVisible();
  await expect(region.getByRole("link", { name: "View these events" })).toHaveCount(0);
  await expect(viewerPage.getByTestId("kpi-open-alerts").getByRole("link")).toHaveCount(0);
  await expect(viewerPage.getByTestId("kpi-pending-approvals").getByRole("link")).toHaveCount(0);
  await context.close();
});

test("a budget created mid-period counts from its creation, and its headline, burn rate, chart and top spenders agree and say so", async ({ page }) => {
  const gw = await createGateway();
  const team = `data-${randomUUID().slice(0, 6)}`;
  // $8.70 spent by the team before the budget exists, $1.30 after.
  await postEvents(gw.apiKey, calls(3, { team, userId: `ana-${team}@corp.test`, costUsd: 2.9, timestamp: new Date(Date.now() - 5 * MIN).toISOString() }));
  const manager = await createUser(["manager"]);
  const { createBudget } = await import("../lib/budgets/create-budget");
  const budget = await createBudget({ input: { name: `Team ${team}`, scope: "team", scopeValue: team, period: "month", limitUsd: "25", mode: "soft" }, actor: { email: "e2e" } } as never);
  await postEvents(gw.apiKey, calls(2, { team, userId: `ben-${team}@corp.test`, costUsd: 0.65 }));

  await signInAs(page, manager.email, manager.password);
  await page.goto(`/budgets/${budget.id}`);
  const note = page.getByTestId("budget-counting-from");
  await expect(note).toContainText("counts spend from", { timeout: 60_000 });
  await expect(note).toContainText("$8.70 spent earlier in the period is not counted");
  await expect(page.getByRole("region", { name: "Current period" })).toContainText("$1.30");
  // Burn rate over the time it has counted (at least an hour), not over the whole month so far.
  await expect(page.locator("div.card", { hasText: "Burn rate" })).toContainText("$31.20/day");
  // The period is labelled in the budgets' own zone (the server's WARDEN_TIMEZONE, UTC), not the browser's.
  await expect(page.locator("div.card", { hasText: "Period ends" })).toContainText(/00:00 UTC$/);
  const spenders = page.getByRole("table", { name: "Top spenders" });
  await expect(spenders.getByRole("row")).toHaveCount(2);
  await expect(spenders).toContainText(`ben-${team}@corp.test`);
  await expect(spenders).toContainText("$1.30");
  await expect(spenders).not.toContainText(`ana-${team}@corp.test`);
});

test("one clock: the same instant reads the same on the Overview, Events, an approval, an alert and the audit log, in the browser's zone, and in the zone the person picks on Your account", async ({ page }) => {
  const { formatTime } = await import("../lib/time/format-time");
  const gw = await createGateway();
  const suffix = randomUUID().slice(0, 6);
  const actorEmail = `clock-${suffix}@e2e.test`;
  // One instant for everything: the audit log's own record of a rule being created (its time cannot be moved).
  const { createAlertRule } = await import("../lib/alerts/create-alert-rule");
  const rule = await createAlertRule({
    input: { name: `Clock ${suffix}`, kind: "tool_call", severity: "info", enabled: true, config: { toolPattern: `never_${suffix}`, serverPattern: "*", quietMinutes: 0 } },
    actor: { email: actorEmail },
  } as never);
  const at = (await (await db()).auditLog.findFirstOrThrow({ where: { targetId: rule.id, actorEmail } })).at;

  const tool = `clock_tool_${suffix}`;
  await postEvents(gw.apiKey, [{ tool, server: `clock-${suffix}`, timestamp: at.toISOString() }]);
  const { raiseAlert } = await import("../lib/alerts/raise-alert");
  const alert = await (await db()).$transaction((tx) =>
    raiseAlert(tx, { dedupeKey: `e2e-clock:${suffix}`, source: "anomaly", kind: "error_rate", severity: "warning", subjectType: "server", subjectValue: `clock-${suffix}`, title: `Clock ${suffix}`, explanation: "seeded", now: at }),
  );
  const params = { q: suffix };
  const created = await fetch(`${baseURL}/api/v1/approvals`, {
    method: "POST",
    headers: { authorization: `Bearer ${gw.apiKey}`, "content-type": "application/json" },
    body: JSON.stringify({ requestId: randomUUID(), server: "mail", tool, params, paramsHash: (await import("../lib/approvals/hash-params")).hashParams(params), userId: "dana@corp.test", reason: "clock", timeoutSeconds: 3600 }),
  });
  expect(created.status, await created.clone().text()).toBe(201);
  const approvalId = ((await created.json()) as { id: string }).id;
  await (await db()).approval.update({ where: { id: approvalId }, data: { createdAt: at } });

  const admin = await createUser(["admin"]);
  await signInAs(page, admin.email, admin.password);

  async function expectEverywhere(zone: string) {
    const minute = formatTime({ value: at, zone });
    const second = formatTime({ value: at, zone, seconds: true });
    await expect(page.getByTestId("time-zone-link")).toContainText(zone);
    await page.goto(`/?range=1h`);
    await expect(page.getByTestId("alert-markers").locator("li", { hasText: `clock-${suffix}` }).locator("time")).toHaveText(minute, { timeout: 60_000 });
    await page.goto(`/events?tool=${tool}`);
    await expect(page.locator("tr", { hasText: tool }).locator("time").first()).toHaveText(second, { timeout: 60_000 });
    await page.goto(`/approvals?id=${approvalId}`);
    await expect(page.getByTestId("approval-requested-at")).toHaveText(minute, { timeout: 60_000 });
    await page.goto(`/alerts?alert=${alert.id}`);
    await expect(page.getByTestId("alert-detail").locator("dt", { hasText: /^Opened$/ }).locator("xpath=following-sibling::dd[1]")).toHaveText(minute, { timeout: 60_000 });
    await page.goto(`/settings/audit`);
    await expect(page.locator("tr", { hasText: actorEmail }).locator("time").first()).toHaveText(second, { timeout: 60_000 });
    // Machine-readable too: the same instant in every <time dateTime>.
    await expect(page.locator("tr", { hasText: actorEmail }).locator("time").first()).toHaveAttribute("datetime", at.toISOString());
  }

  // Not set: the browser's zone (New York), not the server's (UTC).
  await expectEverywhere("America/New_York");
  expect(formatTime({ value: at, zone: "America/New_York" })).not.toBe(formatTime({ value: at, zone: "UTC" }));

  // Picked on Your account (from the user menu): every page follows.
  await page.getByRole("link", { name: "Your account" }).click();
  await expect(page).toHaveURL(/\/account$/);
  await page.getByLabel("Show times in").selectOption("Asia/Tokyo");
  await expect(page.getByRole("status")).toHaveText("Saved.");
  await expect(page.getByTestId("time-zone-link")).toContainText("Asia/Tokyo (UTC+9)");
  await expectEverywhere("Asia/Tokyo");
});
