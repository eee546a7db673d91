import type { Page } from "@playwright/test";
import { ADMIN, expect, signInAs, test } from "./support/fixtures";
import { dashboardPages, seedPages } from "./support/seed-pages";

// Small screens (issue 20 item 13, issue 19 item 13): at 390 px every page fits its width (no page-wide
// horizontal scroll, no number cut off), the sidebar is a menu, and a request's Approve/Deny are in reach.

test.describe.configure({ timeout: 180_000 });

const PHONE = { width: 390, height: 844 };

/** What does not fit: the page's own overflow, and text with digits cut off by its box (ellipsis or hidden overflow). */
async function overflow(page: Page) {
  return page.evaluate(() => {
    const de = document.documentElement;
    const clipped: string[] = [];
    for (const el of document.querySelectorAll<HTMLElement>("main *")) {
      const own = [...el.childNodes].filter((n) => n.nodeType === Node.TEXT_NODE).map((n) => n.textContent ?? "").join("").trim();
      if (!/\d/.test(own) || el.clientWidth <= 2) continue;
      const cs = getComputedStyle(el);
      const clips = cs.textOverflow === "ellipsis" || cs.overflowX === "hidden" || cs.overflowX === "clip";
      if (clips && el.scrollWidth > el.clientWidth + 1) clipped.push(`${el.tagName.toLowerCase()} "${own.slice(0, 40)}" (${el.scrollWidth} > ${el.clientWidth})`);
    }
    return { scrollWidth: de.scrollWidth, clientWidth: de.clientWidth, clipped };
  });
}

test("at 390 px every page fits the screen with no number cut off, a request's Deny/Approve are on the first screen, and the sidebar is a menu that Esc closes", async ({ page }) => {
  const seeded = await seedPages();
  await page.setViewportSize(PHONE);
  const problems: string[] = [];
  await page.goto("/login");
  await expect(page.getByLabel("Email")).toBeVisible();
  const login = await overflow(page);
  if (login.scrollWidth > login.clientWidth) problems.push(`Login: the page is ${login.scrollWidth} px wide`);
  // (signInAs waits for the sidebar's navigation, a menu at this width)
  await page.setViewportSize({ width: 1280, height: 800 });
  await signInAs(page, ADMIN.email, ADMIN.password);
  await page.setViewportSize(PHONE);

  for (const p of dashboardPages(seeded)) {
    await page.goto(p.path);
    await expect(page.getByRole("main")).toBeVisible();
    await expect(page.locator('[aria-busy="true"]')).toHaveCount(0, { timeout: 30_000 });
    const o = await overflow(page);
    if (o.scrollWidth > o.clientWidth) problems.push(`${p.name}: the page is ${o.scrollWidth} px wide`);
    for (const c of o.clipped) problems.push(`${p.name}: cut off ${c}`);
  }
  expect(problems).toEqual([]);

  // The KPI figures are whole: "1,200" calls, not "1,2…".
  await page.goto(`/?gateway=${seeded.gateway.gatewayId}`);
  await expect(page.getByTestId("kpi-calls-value")).toHaveText("1,200");

  // A reviewer on a phone: the queue, then one request (the queue steps aside, a way back is offered); the
  // request fits, and Deny/Approve are on the first screen (a bar at its bottom), driving the form's own steps.
  await page.goto("/approvals");
  await page.getByTestId(`queue-item-${seeded.approvalId}`).click();
  const request = page.getByRole("article", { name: /^Request / });
  await expect(request).toBeVisible();
  await expect(page.getByRole("region", { name: "Pending requests" })).toBeHidden();
  const fit = await overflow(page);
  expect(fit.scrollWidth).toBeLessThanOrEqual(fit.clientWidth);
  const bar = page.getByTestId("phone-decision-bar");
  for (const name of ["Deny…", "Approve…"]) {
    const box = (await bar.getByRole("button", { name }).boundingBox())!;
    expect(box.y + box.height, `${name} is on the first screen`).toBeLessThanOrEqual(PHONE.height);
  }
  await bar.getByRole("button", { name: "Approve…" }).click();
  await expect(page.getByRole("alertdialog", { name: "Confirm approval" })).toBeInViewport();
  await expect(page.getByRole("button", { name: "Confirm approve" })).toBeFocused();
  await page.keyboard.press("Escape");
  await expect(page.getByRole("alertdialog", { name: "Confirm approval" })).toHaveCount(0);
  await page.evaluate(() => window.scrollTo(0, 0));
  await bar.getByRole("button", { name: "Deny…" }).click();
  await expect(request.getByRole("form", { name: "Decision" }).getByRole("alert")).toHaveText("Give a reason to deny.");
  await expect(request.getByRole("textbox", { name: /Comment/ })).toBeFocused();
  await page.getByRole("button", { name: /Back to the queue/ }).click();
  await expect(page.getByTestId(`queue-item-${seeded.approvalId}`)).toBeVisible();

  // The sidebar is a menu: hidden, opened by its button (focus moves into it), closed by Esc (focus back).
  const nav = page.getByRole("navigation", { name: "Main" });
  const menu = page.getByRole("button", { name: "Menu" });
  await expect(nav).toBeHidden();
  await expect(menu).toHaveAttribute("aria-expanded", "false");
  await menu.click();
  await expect(menu).toHaveAttribute("aria-expanded", "true");
  await expect(nav).toBeVisible();
  await expect(nav.getByRole("link", { name: "Overview" })).toBeFocused();
  await page.keyboard.press("Escape");
  await expect(nav).toBeHidden();
  await expect(menu).toBeFocused();
  // Following a link closes it.
  await menu.click();
  await nav.getByRole("link", { name: "Budgets" }).click();
  await expect(page).toHaveURL(/\/budgets$/);
  await expect(nav).toBeHidden();
  await expect(menu).toHaveAttribute("aria-expanded", "false");
});
