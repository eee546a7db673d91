import { createUser, expect, signInAs, test } from "./support/fixtures";

test("the user menu's 'Sign out everywhere' ends the sessions of every browser of that person", async ({ browser }) => {
  const user = await createUser(["reviewer"]);
  const here = await (await browser.newContext()).newPage();
  const elsewhere = await (await browser.newContext()).newPage();
  await signInAs(here, user.email, user.password);
  await signInAs(elsewhere, user.email, user.password);

  await here.getByRole("button", { name: "Sign out everywhere" }).click();
  await expect(here).toHaveURL(/\/login/);

  await elsewhere.goto("/approvals");
  await expect(elsewhere).toHaveURL(/\/login/);
  await expect(elsewhere.getByRole("heading", { name: "Sign in to Warden" })).toBeVisible();
});
