import { readFileSync } from "node:fs";
import { randomUUID } from "node:crypto";
import { test as base, expect, type Page } from "@playwright/test";
import type { RoleName } from "../../lib/auth/permissions";
import { TEST_ADMIN } from "../../tests/support/app-server";
import { stackFile } from "./stack-file";

// The specs seed through the same lib functions as the app (real database), and sign in through the UI.
const { databaseUrl } = JSON.parse(readFileSync(stackFile(Number(process.env.E2E_PORT)), "utf8")) as { databaseUrl: string };
process.env.DATABASE_URL = databaseUrl;
process.env.NEXTAUTH_SECRET ??= "test-secret-0123456789-0123456789-abcdef";

export const ADMIN = TEST_ADMIN;
export const baseURL = `http://127.0.0.1:${process.env.E2E_PORT}`;

export async function db() {
  return (await import("../../lib/db")).db();
}

export async function createUser(roles: RoleName[], opts: { team?: string } = {}) {
  const { createUser } = await import("../../lib/auth/create-user");
  const email = `${roles.join("-")}-${randomUUID().slice(0, 8)}@warden.test`;
  const password = `pw-${randomUUID()}`;
  const { user } = await createUser({ input: { email, roles, password, team: opts.team }, actor: { email: "e2e" } });
  return { ...user, password };
}

export async function createGateway(name = `gw-${randomUUID().slice(0, 8)}`) {
  const { createGateway } = await import("../../lib/gateways/create-gateway");
  const gw = await createGateway({ input: { name }, actor: { email: "e2e" } });
  return { gatewayId: gw.gatewayId, name: gw.name, apiKey: gw.apiKey };
}

/** Sends events as a gateway does (POST /api/v1/events with its key); fails the test unless all are accepted. */
export async function postEvents(apiKey: string, events: Record<string, unknown>[]) {
  const res = await fetch(`${baseURL}/api/v1/events`, {
    method: "POST",
    headers: { authorization: `Bearer ${apiKey}`, "content-type": "application/json" },
    body: JSON.stringify({ events }),
  });
  expect(res.status, await res.clone().text()).toBe(200);
}

/** Signs in through the login form, as a person would. */
export async function signInAs(page: Page, email: string, password: string) {
  await page.goto("/login");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(page.getByRole("navigation", { name: "Main" })).toBeVisible();
}

export const test = base;
export { expect };
