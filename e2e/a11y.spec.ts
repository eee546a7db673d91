import AxeBuilder from "@axe-core/playwright";
import type { Page } from "@playwright/test";
import { ADMIN, expect, signInAs, test } from "./support/fixtures";
import { dashboardPages, seedPages } from "./support/seed-pages";

// Accessibility (issue 20 item 14): axe over every page, in the light and the dark theme; the skip link; chart
// buckets by keyboard; a failed chart card's Retry.

test.describe.configure({ timeout: 300_000 });

/** Waits until the page has drawn its data (no loading skeleton left), so axe sees the real content. */
async function settled(page: Page) {
  await expect(page.getByRole("main")).toBeVisible();
  await expect(page.locator('[aria-busy="true"]')).toHaveCount(0, { timeout: 30_000 });
}

/** Whether the page is drawn light or dark: the body's background, painted on a canvas to read it as RGB. */
async function lightness(page: Page): Promise<"light" | "dark"> {
  const sum = await page.evaluate(() => {
    const ctx = document.createElement("canvas").getContext("2d")!;
    ctx.fillStyle = getComputedStyle(document.body).backgroundColor;
    ctx.fillRect(0, 0, 1, 1);
    const [r, g, b] = ctx.getImageData(0, 0, 1, 1).data;
    return r + g + b;
  });
  return sum > 384 ? "light" : "dark";
}

const DARK_PASS = ["Overview", "Approvals: queue with a request open", "Budget detail", "Alerts"];

type Impact = "critical" | "serious" | "moderate" | "minor";

async function axe(page: Page) {
  const { violations } = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).options({ resultTypes: ["violations"] }).analyze();
  const counts: Partial<Record<Impact, number>> = {};
  for (const v of violations) counts[v.impact as Impact] = (counts[v.impact as Impact] ?? 0) + 1;
  const serious = violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => ({ rule: v.id, impact: v.impact, help: v.help, nodes: v.nodes.slice(0, 5).map((n) => n.target.join(" ")) }));
  return { counts, serious };
}

test("axe finds no serious or critical violation on the login page and on every dashboard page (light theme; the most colourful pages in the dark theme too), and the theme follows the system unless this browser chose one", async ({ page }) => {
  const seeded = await seedPages();
  const report: { page: string; theme: string; counts: Partial<Record<Impact, number>> }[] = [];
  const failures: unknown[] = [];
  for (const theme of ["light", "dark"] as const) {
    // The system's scheme, and no choice of this browser's: the dark pass checks that the theme follows the system.
    await page.emulateMedia({ colorScheme: theme });
    await page.context().clearCookies();
    await page.goto("/login");
    expect(await lightness(page)).toBe(theme);
    await expect(page.getByLabel("Email")).toBeVisible();
    const login = await axe(page);
    report.push({ page: "Login", theme, counts: login.counts });
    failures.push(...login.serious.map((s) => ({ page: "Login", theme, ...s })));
    await signInAs(page, ADMIN.email, ADMIN.password);
    // Dark: the pages with the most colour (charts, badges, tables, the request view); light: every page.
    for (const p of dashboardPages(seeded).filter((p) => theme === "light" || DARK_PASS.includes(p.name))) {
      await page.goto(p.path);
      await settled(page);
      const r = await axe(page);
      report.push({ page: p.name, theme, counts: r.counts });
      failures.push(...r.serious.map((s) => ({ page: p.name, theme, ...s })));
    }
  }
  // A choice made in this browser outlasts a reload and beats the system's; "System" follows the system again.
  await page.goto("/settings");
  const themes = page.getByRole("group", { name: "Theme" });
  await themes.getByRole("button", { name: "Light" }).click();
  await expect(themes.getByRole("button", { name: "Light" })).toHaveAttribute("aria-pressed", "true");
  await page.reload();
  expect(await lightness(page)).toBe("light");
  await expect(page.getByRole("group", { name: "Theme" }).getByRole("button", { name: "Light" })).toHaveAttribute("aria-pressed", "true");
  await page.getByRole("group", { name: "Theme" }).getByRole("button", { name: "System" }).click();
  await page.reload();
  expect(await lightness(page)).toBe("dark");

  // The figures for the record: every violation by impact, page by page.
  const table = report.map((r) => `${r.theme.padEnd(5)} ${r.page.padEnd(40)} ${JSON.stringify(r.counts)}`).join("\n");
  console.log(`axe (wcag2a/aa, wcag21a/aa) violations by impact:\n${table}`);
  await test.info().attach("axe-by-page.txt", { body: table, contentType: "text/plain" });
  expect(failures).toEqual([]);
});

test("keyboard: the skip link is the first Tab stop and lands on the events; a chart bucket is reached and opened by keyboard; a failed chart card retries", async ({ page }) => {
  const seeded = await seedPages();
  await signInAs(page, ADMIN.email, ADMIN.password);

  // Events: Tab, Enter on the skip link, Tab: the first event's row.
  await page.goto(`/events?gateway=${seeded.gateway.gatewayId}`);
  await expect(page.getByTestId("event-row").first()).toBeVisible();
  await page.keyboard.press("Tab");
  await expect(page.getByRole("link", { name: "Skip to content" })).toBeFocused();
  await page.keyboard.press("Enter");
  await page.keyboard.press("Tab");
  await expect(page.getByTestId("event-row").first().locator(":focus")).toHaveCount(1);

  // Overview: the calls chart is a Tab stop named for the keyboard; arrows move between buckets, Enter opens one.
  await page.goto(`/?gateway=${seeded.gateway.gatewayId}`);
  const plot = page.getByTestId("chart-calls").locator("svg.recharts-surface[tabindex='0']");
  await expect(plot).toHaveAccessibleName(/Calls by status: arrow keys move between buckets, Enter opens one/);
  await plot.focus();
  await page.keyboard.press("ArrowRight");
  await page.keyboard.press("ArrowRight");
  await expect(page.getByTestId("chart-calls").locator(".recharts-tooltip-wrapper")).toBeVisible();
  await page.keyboard.press("Enter");
  const selected = page.getByRole("region", { name: "Selected period" });
  await expect(selected).toBeVisible();
  await expect(selected.getByRole("link", { name: "View these events" })).toBeVisible();

  // A chart whose request fails shows the error and a Retry that fetches again.
  await page.route("**/api/metrics/latency?*", (route) => route.fulfill({ status: 503, contentType: "application/json", body: JSON.stringify({ error: { code: "unavailable", message: "Metrics are unavailable right now" } }) }));
  await page.goto(`/?gateway=${seeded.gateway.gatewayId}`);
  const latency = page.getByTestId("chart-latency");
  await expect(latency.getByRole("alert")).toContainText("unavailable right now", { timeout: 30_000 });
  await page.unroute("**/api/metrics/latency?*");
  await latency.getByRole("button", { name: "Retry" }).click();
  await expect(latency.getByRole("application")).toBeVisible();
  await expect(latency.getByRole("alert")).toHaveCount(0);
});
