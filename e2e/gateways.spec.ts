import { randomUUID } from "node:crypto";
import { ADMIN, baseURL, db, expect, signInAs, test } from "./support/fixtures";

test("an admin registers a gateway, sees its key once, and the key works until revoked", async ({ page }) => {
  await signInAs(page, ADMIN.email, ADMIN.password);
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Gateways" }).click();
  const name = `e2e-gw-${randomUUID().slice(0, 8)}`;
  const form = page.getByRole("form", { name: "Register gateway" });
  await form.getByLabel("Name").fill(name);
  await form.getByLabel("Owner team").fill("platform");
  await form.getByRole("button", { name: "Register gateway" }).click();
  const apiKey = (await page.getByTestId("new-api-key").textContent())!.trim();
  expect(apiKey).toMatch(/^wdn_/);
  await page.getByRole("button", { name: "I saved it" }).click();
  await expect(page.getByTestId("new-api-key")).toHaveCount(0);

  const send = () =>
    fetch(`${baseURL}/api/v1/events`, {
      method: "POST",
      headers: { authorization: `Bearer ${apiKey}`, "content-type": "application/json" },
      body: JSON.stringify({ events: [{ id: randomUUID(), timestamp: new Date().toISOString(), userId: "e2e", server: "fs", tool: "read", status: "ok" }] }),
    });
  expect((await send()).status).toBe(200);

  const row = page.getByTestId(`gateway-row-${name}`);
  await expect(row).toBeVisible();
  await row.getByRole("button", { name: /Keys/ }).click();
  const keys = page.getByRole("table", { name: `API keys of ${name}` });
  await keys.getByRole("button", { name: "Revoke" }).click();
  await keys.getByRole("button", { name: "Confirm revoke" }).click();
  await expect(keys.getByText("revoked")).toBeVisible();

  const gw = await (await db()).gateway.findUniqueOrThrow({ where: { name }, include: { apiKeys: true } });
  expect(gw.ownerTeam).toBe("platform");
  expect(gw.apiKeys[0].revokedAt).not.toBeNull();
  expect((await send()).status).toBe(401);
});
