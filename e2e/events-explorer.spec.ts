import { randomUUID } from "node:crypto";
import { createGateway, createUser, expect, postEvents, signInAs, test } from "./support/fixtures";
import { expectNoSeriousA11yViolations } from "./support/axe";

// The explorer answers "why": facet counts narrow the list, a saved view restores the filter, the open event
// is in the URL (the back button closes it, the link reopens it), and "copy link with absolute time" fixes a
// relative range.

test("facets narrow the list, a saved view restores the filter after a reload, the open event is in the URL, and the copied link has absolute time", async ({ page }) => {
  const gw = await createGateway();
  const at = (minutesAgo: number) => new Date(Date.now() - minutesAgo * 60_000).toISOString();
  const base = { userId: "ola@corp.test", team: "data", server: "db", tool: "run_query" };
  const timeoutId = randomUUID();
  await postEvents(gw.apiKey, [
    { ...base, id: randomUUID(), timestamp: at(9), status: "ok" },
    { ...base, id: randomUUID(), timestamp: at(8), status: "ok" },
    { ...base, id: randomUUID(), timestamp: at(7), status: "error", errorType: "-32602" },
    { ...base, id: timeoutId, timestamp: at(6), status: "timeout" },
    { ...base, id: randomUUID(), timestamp: at(5), status: "error", errorType: "tool_error", tool: "drop_table" },
  ]);
  const user = await createUser(["security"]);
  await signInAs(page, user.email, user.password);
  await page.goto(`/events?gateway=${gw.gatewayId}`);

  const rows = page.getByTestId("event-row");
  await expect(rows).toHaveCount(5);
  await expect(page.getByTestId("event-total")).toHaveText("5 matching events");
  // The error-type column names what failed; a JSON-RPC code sent as the type is named.
  await expect(rows.filter({ hasText: "drop_table" }).getByTestId("event-error-type")).toHaveText("tool_error");
  await expect(page.getByTestId("event-error-type").filter({ hasText: "invalid_params" })).toHaveCount(1);

  // Facets count the current filter; picking one narrows the list and the counts.
  const facets = page.getByTestId("event-facets");
  await expect(facets.locator('[data-facet="tool"][data-value="run_query"]')).toContainText("4");
  await facets.locator('[data-facet="errorType"][data-value="timeout"]').click();
  await expect(page).toHaveURL(/errorType=timeout/);
  await expect(rows).toHaveCount(1);
  await expect(page.getByTestId("event-total")).toHaveText("1 matching event");

  // Saved views: keep this filter under a name, reload, start from the bare page, apply it: the filter is back.
  const viewName = `Timeouts ${randomUUID().slice(0, 6)}`;
  const viewsButton = page.getByRole("button", { name: "Views" });
  const views = page.getByRole("dialog", { name: "Saved views" });
  await viewsButton.click();
  await expect(views).toContainText("last 24 hours · relative");
  await expect(views.getByLabel("Name")).toBeFocused();
  await expectNoSeriousA11yViolations(page, { include: ['[role="dialog"][aria-label="Saved views"]'] });
  await page.keyboard.type(viewName);
  await page.keyboard.press("Enter");
  await expect(views.getByRole("status")).toContainText(`Saved “${viewName}”`);
  await page.keyboard.press("Escape");
  await expect(views).toHaveCount(0);
  await expect(viewsButton).toBeFocused();
  await page.reload();
  await page.goto("/events");
  await expect(page).not.toHaveURL(/errorType/);
  await viewsButton.click();
  const mine = views.getByRole("list", { name: "My views" });
  await expect(mine.getByTestId("saved-view").filter({ hasText: viewName })).toContainText(`last 24 hours · relative · gateway ${gw.name}, error type timeout`);
  await mine.getByRole("link", { name: viewName }).click();
  await expect(page).toHaveURL(/errorType=timeout/);
  await expect(page).toHaveURL(new RegExp(`gateway=${gw.gatewayId}`));
  await expect(rows).toHaveCount(1);
  await expect(page.getByTestId("event-total")).toHaveText("1 matching event");

  // Open the event: it is in the URL; back closes it; the URL alone reopens it.
  await rows.first().click();
  await expect(page).toHaveURL(new RegExp(`event=${timeoutId}`));
  await expect(page.getByTestId("event-detail")).toBeVisible();
  const deepLink = page.url();
  await page.goBack();
  await expect(page.getByTestId("event-detail")).toHaveCount(0);
  await expect(page).not.toHaveURL(/event=/);
  await page.goto(deepLink);
  await expect(page.getByTestId("event-detail")).toBeVisible();
  await expect(page.getByTestId("event-detail")).toContainText("timeout");

  // The copied link carries the absolute window instead of "last 24 hours", and keeps filters and the event.
  const before = Date.now();
  await page.getByTestId("copy-absolute-link").click();
  const link = new URL((await page.getByTestId("copied-link").getAttribute("data-link"))!);
  expect(link.searchParams.get("range")).toBe("custom");
  const to = Date.parse(link.searchParams.get("to")!);
  expect(to).toBeGreaterThanOrEqual(before - 1000);
  expect(to - Date.parse(link.searchParams.get("from")!)).toBe(24 * 3600_000);
  expect(link.searchParams.get("errorType")).toBe("timeout");
  expect(link.searchParams.get("event")).toBe(timeoutId);
  await page.goto(link.pathname + link.search);
  await expect(rows).toHaveCount(1);
  await expect(page.getByTestId("event-detail")).toBeVisible();
});

test("the command palette (/ and Ctrl-K) jumps to an event by id, to a user's events and to a page", async ({ page }) => {
  const gw = await createGateway();
  const id = randomUUID();
  const who = `palette-${randomUUID().slice(0, 8)}@corp.test`;
  await postEvents(gw.apiKey, [{ id, timestamp: new Date(Date.now() - 60_000).toISOString(), userId: who, server: "db", tool: "run_query", status: "ok" }]);
  const user = await createUser(["security"]);
  await signInAs(page, user.email, user.password);
  await page.goto("/");
  // The shortcut listener exists once the page has hydrated (the live socket connects after it): a "/"
  // pressed before that is lost (seen in a clean-clone run).
  await expect(page.getByTestId("live-indicator")).toHaveAttribute("data-status", "live");

  const palette = page.getByRole("dialog", { name: "Command palette" });
  const box = palette.getByRole("combobox");
  await page.keyboard.press("/");
  await box.fill(id);
  await expect(palette.getByRole("option").first()).toContainText(`Event ${id}`);
  await box.press("Enter");
  await expect(page).toHaveURL(new RegExp(`event=${id}`));
  await expect(page.getByTestId("event-detail")).toBeVisible();

  await page.keyboard.press("Control+k");
  await box.fill(who.slice(0, 16));
  await expect(palette.getByRole("option", { name: new RegExp(who) })).toBeVisible();
  await palette.getByRole("option", { name: new RegExp(who) }).click();
  await expect(page).toHaveURL(new RegExp(`user=${encodeURIComponent(who)}`));
  await expect(page.getByTestId("event-row")).toHaveCount(1);

  await page.keyboard.press("Control+k");
  await box.fill("budg");
  await expect(palette.getByRole("option").first()).toContainText("Budgets");
  await box.press("Enter");
  await expect(page).toHaveURL(/\/budgets$/);
});
