import { ADMIN, db, expect, signInAs, test } from "./support/fixtures";

test("the bootstrap admin creates a reviewer, who is not offered admin pages and is refused them by URL", async ({ browser }) => {
  const adminContext = await browser.newContext();
  const admin = await adminContext.newPage();
  await signInAs(admin, ADMIN.email, ADMIN.password);

  await admin.getByRole("link", { name: "Settings" }).click();
  await admin.getByRole("link", { name: "Users" }).click();
  const email = `reviewer-${Date.now()}@warden.test`;
  const form = admin.getByRole("form", { name: "Create user" });
  await form.getByLabel("Email").fill(email);
  await form.getByLabel("Name").fill("Rita Reviewer");
  await form.getByRole("checkbox", { name: "viewer", exact: true }).uncheck();
  await form.getByRole("checkbox", { name: "reviewer", exact: true }).check();
  await form.getByRole("button", { name: "Create user" }).click();
  const password = (await admin.getByTestId("generated-password").textContent())!.trim();
  expect(password.length).toBeGreaterThanOrEqual(16);
  await expect(admin.getByTestId(`user-row-${email}`)).toBeVisible();

  const row = await (await db()).user.findUniqueOrThrow({ where: { email } });
  expect(row.roles).toEqual(["reviewer"]);
  expect(row.passwordHash).toMatch(/^\$argon2id\$/);
  await adminContext.close();

  const reviewerContext = await browser.newContext();
  const reviewer = await reviewerContext.newPage();
  await signInAs(reviewer, email, password);
  const nav = reviewer.getByRole("navigation", { name: "Main" });
  await expect(nav.getByRole("link", { name: "Approvals" })).toBeVisible();
  await expect(nav.getByRole("link", { name: "Settings" })).toHaveCount(0);
  await expect(nav.getByRole("link", { name: "Gateways" })).toHaveCount(0);
  await expect(nav.getByRole("link", { name: "Budgets" })).toHaveCount(0);

  for (const path of ["/settings/users", "/settings", "/gateways"]) {
    const res = await reviewer.goto(path);
    expect(res?.status(), path).toBe(403);
    await expect(reviewer.getByRole("heading", { name: /403/ })).toBeVisible();
  }
  await reviewerContext.close();
});

test("a wrong password shows a clear message and signs nobody in", async ({ page }) => {
  await page.goto("/login");
  await page.getByLabel("Email").fill(ADMIN.email);
  await page.getByLabel("Password").fill("definitely-not-the-password");
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(page.getByRole("alert").filter({ hasText: "Wrong email" })).toHaveText("Wrong email or password.");
  await expect(page).toHaveURL(/\/login/);
});
