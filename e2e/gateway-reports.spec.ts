import { randomUUID } from "node:crypto";
import { hashParams } from "../lib/approvals/hash-params";
import { ADMIN, baseURL, createGateway, createUser, db, expect, signInAs, test } from "./support/fixtures";

// Warden's side of the gateway: what a gateway reports shows on the Gateways page, an admin edits a key's
// scopes there, and a reviewer sees an unverified identity and extends a request's deadline.

async function gatewayCall(apiKey: string, path: string, method: string, body: unknown) {
  const res = await fetch(`${baseURL}/api/v1${path}`, {
    method,
    headers: { authorization: `Bearer ${apiKey}`, "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  return { status: res.status, json: (await res.json()) as Record<string, any> };
}

test.describe.configure({ timeout: 120_000 });

test("the Gateways page shows a gateway's heartbeat, fail-open settings and heavy output scan coverage, and an admin edits a key's scopes", async ({ page }) => {
  const gw = await createGateway();
  const heartbeat = {
    gatewayVersion: "9.9.9",
    policyEtag: '"abcdef123456"',
    policyAgeSeconds: 7,
    spool: { depthEvents: 3, depthBytes: 2048, capBytes: 1048576 },
    counters: { calls: 5, spooled: 5, sent: 4, deadLettered: 0, dropped: 0 },
    failOpen: [{ setting: "spool.whenFull", detail: "drop" }],
    upstreams: [{ name: "everything", status: "down", restarts: 2 }],
    startedAt: new Date().toISOString(),
  };
  const heavyOutputs = { queued: 40, scanned: 38, dropped: 12, deduped: 0, truncated: 0, flagged: 2, failed: 0, waiting: 2, lateFlags: { pending: 1, delivered: 1, dropped: 0 } };
  expect((await gatewayCall(gw.apiKey, "/heartbeat", "POST", { ...heartbeat, heavyOutputs })).status).toBe(200);
  // An older gateway, whose heartbeat has no heavy output counters.
  const legacy = await createGateway();
  expect((await gatewayCall(legacy.apiKey, "/heartbeat", "POST", heartbeat)).status).toBe(200);

  await signInAs(page, ADMIN.email, ADMIN.password);
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Gateways" }).click();
  const row = page.getByTestId(`gateway-row-${gw.name}`);
  const report = row.getByTestId("gateway-heartbeat");
  await expect(report).toContainText("alive");
  await expect(report).toContainText("v9.9.9");
  await expect(report).toContainText("spool 3 events");
  await expect(report).toContainText("received 0 of 4 sent");
  await expect(report).toContainText("everything down");
  await expect(report.getByRole("list", { name: "Fails open" })).toContainText("spool.whenFull");
  const heavy = report.getByTestId("heavy-outputs");
  await expect(heavy).toContainText("heavy output scan: 38 scanned · 2 flagged · 12 dropped unscanned · 2 waiting · late flags 1 pending");
  await expect(heavy.getByRole("list", { name: "Heavy scan coverage lost" })).toHaveText("12 outputs not scanned: the heavy queue was full.");
  await expect(page.getByTestId(`gateway-row-${legacy.name}`).getByTestId("heavy-outputs")).toHaveText("heavy output scan: not reported");

  await row.getByRole("button", { name: /Keys/ }).click();
  const keys = page.getByRole("table", { name: `API keys of ${gw.name}` });
  await keys.getByRole("button", { name: /Edit scopes/ }).click();
  const editor = keys.getByRole("group", { name: /Scopes of/ });
  await editor.getByLabel("tools:write").uncheck();
  await editor.getByLabel("events:write").uncheck();
  await editor.getByLabel("otlp:write").uncheck();
  await editor.getByRole("button", { name: "Save scopes" }).click();
  await expect(keys.getByRole("button", { name: /Edit scopes/ })).toBeVisible();
  await expect(keys).toContainText("approvals:write, spend:write, policy:read, heartbeat:write");

  const stored = await (await db()).apiKey.findFirstOrThrow({ where: { gatewayId: gw.gatewayId } });
  expect(stored.scopes).toEqual(["approvals:write", "spend:write", "policy:read", "heartbeat:write"]);
  expect((await gatewayCall(gw.apiKey, "/tools", "PUT", { servers: [{ server: "x", tools: [] }] })).status).toBe(403);
});

test("a reviewer sees that a request's identity is unverified and extends its deadline", async ({ page }) => {
  const gw = await createGateway();
  const reviewer = await createUser(["reviewer"]);
  const tool = `write_file_${randomUUID().slice(0, 6)}`;
  const params = { path: "/tmp/report.txt", content: "hello" };
  const created = await gatewayCall(gw.apiKey, "/approvals", "POST", {
    requestId: randomUUID(),
    server: "filesystem",
    tool,
    params,
    paramsHash: hashParams(params),
    userId: "stdio-user@example.com",
    identitySource: "config",
    timeoutSeconds: 600,
  });
  expect(created.status).toBe(201);
  const id = created.json.id as string;
  const before = new Date(created.json.expiresAt as string).getTime();

  await signInAs(page, reviewer.email, reviewer.password);
  await page.goto("/approvals");
  await page.getByTestId(`queue-item-${id}`).click();
  const detail = page.getByRole("article", { name: `Request ${tool} on filesystem` });
  await expect(detail.getByTestId("identity-source")).toHaveText(/unverified identity/);
  await detail.getByLabel("Extend by").selectOption("60");
  await detail.getByLabel("Reason to extend").fill("Waiting for the owner of the file to confirm");
  await detail.getByRole("button", { name: "Extend deadline" }).click();
  await expect
    .poll(async () => (await (await db()).approval.findUniqueOrThrow({ where: { id } })).expiresAt.getTime(), { timeout: 30_000 })
    .toBe(before + 60 * 60_000);
  const audit = await (await db()).auditLog.findFirst({ where: { targetId: id, action: "approval.extend" } });
  expect(audit?.actorEmail).toBe(reviewer.email);
});
