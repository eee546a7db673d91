import { readFileSync } from "node:fs";
import { randomUUID } from "node:crypto";
import type { Browser, Page } from "@playwright/test";
import { writeOidcUsers, type OidcTestUser } from "./support/oidc-provider";
import { stackFile } from "./support/stack-file";
import { db, expect, test } from "./support/fixtures";

// Single sign-on against a real OpenID Connect provider (oidc-provider, started by serve-stack.ts) with
// OIDC_ROLE_MAP "warden-reviewers=reviewer,warden-admins=admin,warden-managers=manager".
const { oidc } = JSON.parse(readFileSync(stackFile(Number(process.env.E2E_PORT)), "utf8")) as { oidc: { issuer: string; usersFile: string } };
const idpUsers: Record<string, OidcTestUser> = {};

function setIdpUser(login: string, user: OidcTestUser) {
  idpUsers[login] = user;
  writeOidcUsers(oidc.usersFile, idpUsers);
}

/** Signs in through Warden's "Sign in with single sign-on" button and the IdP's login form, in a fresh browser context. */
async function signInWithSso(browser: Browser, login: string): Promise<Page> {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto("/login");
  await page.getByRole("button", { name: "Sign in with single sign-on" }).click();
  await page.waitForURL((url) => url.origin === oidc.issuer);
  await page.locator('input[name="login"]').fill(login);
  await page.locator('input[name="password"]').fill("any-password-the-dev-idp-accepts");
  await page.getByRole("button", { name: "Sign-in" }).click();
  return page;
}

async function rolesOf(email: string) {
  return (await (await db()).user.findUnique({ where: { email } }))?.roles ?? null;
}

test("single sign-on: the first sign-in creates the user with the roles of their IdP groups; a group change applies at the next sign-in", async ({ browser }) => {
  const login = `sso-${randomUUID().slice(0, 8)}`;
  const email = `${login}@idp.example`;
  setIdpUser(login, { email, name: "Sam Single-Sign-On", groups: ["everyone", "warden-reviewers"] });
  expect(await rolesOf(email)).toBeNull();

  // First sign-in: created, reviewer from warden-reviewers.
  const first = await signInWithSso(browser, login);
  await expect(first.getByRole("navigation", { name: "Main" })).toBeVisible();
  await expect(first.getByRole("navigation", { name: "Main" }).getByRole("link", { name: /Approvals/ })).toBeVisible();
  await expect(first.getByText("Sam Single-Sign-On")).toBeVisible();
  expect(await rolesOf(email)).toEqual(["reviewer"]);
  const created = await (await db()).auditLog.findFirst({ where: { action: "user.create_from_idp", actorEmail: email } });
  expect(created).not.toBeNull();

  // Removed from every mapped group at the IdP: the role is gone at the next sign-in (default role viewer),
  // and the session that still had the old role ends.
  setIdpUser(login, { email, name: "Sam Single-Sign-On", groups: ["everyone"] });
  const second = await signInWithSso(browser, login);
  await expect(second.getByRole("navigation", { name: "Main" })).toBeVisible();
  expect(await rolesOf(email)).toEqual(["viewer"]);
  await expect(second.getByRole("navigation", { name: "Main" }).getByRole("link", { name: /Approvals/ })).toHaveCount(0);
  await first.reload();
  await expect(first).toHaveURL(/\/login/);

  // Added to two mapped groups: both roles.
  setIdpUser(login, { email, name: "Sam Single-Sign-On", groups: ["warden-managers", "warden-reviewers"] });
  const third = await signInWithSso(browser, login);
  await expect(third.getByRole("navigation", { name: "Main" })).toBeVisible();
  expect(await rolesOf(email)).toEqual(["reviewer", "manager"]);
  await expect(third.getByRole("navigation", { name: "Main" }).getByRole("link", { name: /Approvals/ })).toBeVisible();
  await expect(third.getByRole("navigation", { name: "Main" }).getByRole("link", { name: /Budgets/ })).toBeVisible();
});

test("single sign-on refuses a deactivated Warden user, whatever their IdP groups", async ({ browser }) => {
  const login = `sso-off-${randomUUID().slice(0, 8)}`;
  const email = `${login}@idp.example`;
  setIdpUser(login, { email, groups: ["warden-admins"] });
  await (await db()).user.create({ data: { email, roles: ["viewer"], active: false } });
  const page = await signInWithSso(browser, login);
  await expect(page).toHaveURL(/\/login\?.*error=AccessDenied/);
  await expect(page.locator('p[role="alert"]')).toHaveText("This account cannot sign in. Ask an admin.");
  expect(await rolesOf(email)).toEqual(["viewer"]);
});
