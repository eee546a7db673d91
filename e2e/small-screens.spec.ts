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

  // The Overview with its period comparison on (issue 20 item 15): the page still fits, and each legend entry
  // stays inside its chart, its label ("Same time last week:") and each of its times unbroken.
  for (const compare of ["previous", "week"]) {
    await page.goto(`/?compare=${compare}`);
    await expect(page.getByTestId("compare-legend").first()).toBeVisible({ timeout: 30_000 });
    await expect(page.locator('[aria-busy="true"]')).toHaveCount(0, { timeout: 30_000 });
    const o = await overflow(page);
    if (o.scrollWidth > o.clientWidth) problems.push(`Overview compare=${compare}: the page is ${o.scrollWidth} px wide`);
    // Each label and each time of a legend, found in its text wherever the markup splits it: one line, inside the legend.
    const legends = await page.getByTestId("compare-legend").evaluateAll((els) =>
      els.flatMap((el) => {
        const box = el.getBoundingClientRect();
        const out: string[] = [];
        if (el.scrollWidth > el.clientWidth + 1) out.push(`legend is ${el.scrollWidth} px in ${el.clientWidth}`);
        const nodes: { node: Text; start: number }[] = [];
        let text = "";
        const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
        for (let n = walker.nextNode(); n; n = walker.nextNode()) {
          nodes.push({ node: n as Text, start: text.length });
          text += n.textContent ?? "";
        }
        const at = (i: number) => {
          let hit = nodes[0];
          for (const x of nodes) if (x.start <= i) hit = x;
          return [hit.node, i - hit.start] as const;
        };
        for (const m of text.matchAll(/(This period|Previous period|Same time last week):|\d{4}-\d{2}-\d{2} \d{2}:\d{2}/g)) {
          const range = document.createRange();
          range.setStart(...at(m.index));
          range.setEnd(...at(m.index + m[0].length - 1));
          range.setEnd(range.endContainer, range.endOffset + 1);
          const rects = [...range.getClientRects()].filter((r) => r.width > 0);
          const tops = rects.map((r) => r.top);
          if (Math.max(...tops) - Math.min(...tops) > 4) out.push(`"${m[0]}" is broken over lines`);
          if (rects.some((r) => r.right > box.right + 1)) out.push(`"${m[0]}" sticks out of its legend`);
        }
        return out;
      }),
    );
    for (const l of legends) problems.push(`Overview compare=${compare}: ${l}`);
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
