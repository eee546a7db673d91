import { promises as fs } from "node:fs";
import os from "node:os";
import path from "node:path";
import { randomUUID } from "node:crypto";
import pg from "pg";
import { describe, expect, it } from "vitest";
import { db } from "../../lib/db";
import { applyMigrations } from "../../lib/db/migrate";
import { API_SCOPES } from "../../lib/gateways/api-key";
import { createSignedInUser } from "../support/factories";
import { createScratchDatabase } from "../support/scratch-db";
import { createTestGateway, gatewayApi } from "../support/gateways";
import { api } from "../support/http";

const MIGRATIONS = path.resolve(import.meta.dirname, "../../prisma/migrations");
const SCOPES_MIGRATION = "_api_key_gateway_scopes";

/** A copy of prisma/migrations holding only the migrations before the scopes migration. */
async function migrationsBeforeScopes(): Promise<string> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), "warden-scopes-migrations-"));
  const names = (await fs.readdir(MIGRATIONS, { withFileTypes: true })).filter((e) => e.isDirectory()).map((e) => e.name).sort();
  const cut = names.findIndex((n) => n.endsWith(SCOPES_MIGRATION));
  expect(cut).toBeGreaterThan(0);
  await fs.copyFile(path.join(MIGRATIONS, "migration_lock.toml"), path.join(dir, "migration_lock.toml"));
  for (const n of names.slice(0, cut)) await fs.cp(path.join(MIGRATIONS, n), path.join(dir, n), { recursive: true });
  return dir;
}

describe("gateway key scopes", () => {
  it("the migrations give heartbeat:write, tools:write and then otlp:write to keys that held every old scope, and to no other key", { timeout: 180_000 }, async () => {
    const scratch = await createScratchDatabase({ migrate: false });
    const before = await migrationsBeforeScopes();
    try {
      await applyMigrations(scratch.url, { migrationsDir: before });
      const client = new pg.Client({ connectionString: scratch.url });
      await client.connect();
      try {
        const gatewayId = randomUUID();
        await client.query("INSERT INTO gateways (id, name) VALUES ($1, $2)", [gatewayId, `gw-${gatewayId}`]);
        const keys: Record<string, string[]> = {
          all: ["events:write", "approvals:write", "spend:write", "policy:read"],
          allReordered: ["policy:read", "spend:write", "events:write", "approvals:write"],
          allButOne: ["events:write", "approvals:write", "policy:read"],
          eventsOnly: ["events:write"],
        };
        const ids: Record<string, string> = {};
        for (const [name, scopes] of Object.entries(keys)) {
          ids[name] = randomUUID();
          await client.query("INSERT INTO api_keys (id, gateway_id, name, prefix, secret_hash, scopes) VALUES ($1, $2, $3, $4, 'x', $5)", [
            ids[name], gatewayId, name, randomUUID().slice(0, 12), scopes,
          ]);
        }
        const { applied } = await applyMigrations(scratch.url);
        expect(applied.some((n) => n.endsWith(SCOPES_MIGRATION))).toBe(true);
        const { rows } = await client.query<{ name: string; scopes: string[] }>("SELECT name, scopes FROM api_keys WHERE gateway_id = $1", [gatewayId]);
        const after = Object.fromEntries(rows.map((r) => [r.name, r.scopes]));
        // …and then otlp:write from the later migration (issue 18), as they now hold every scope before it.
        expect(after.all).toEqual([...keys.all, "heartbeat:write", "tools:write", "otlp:write"]);
        expect(after.allReordered).toEqual([...keys.allReordered, "heartbeat:write", "tools:write", "otlp:write"]);
        expect(after.allButOne).toEqual(keys.allButOne);
        expect(after.eventsOnly).toEqual(keys.eventsOnly);
      } finally {
        await client.end();
      }
    } finally {
      await fs.rm(before, { recursive: true, force: true });
      await scratch.drop();
    }
  });

  it("a new gateway's first key holds every scope, the new ones included", async () => {
    const gw = await createTestGateway();
    const key = await db().apiKey.findUniqueOrThrow({ where: { id: gw.keyId } });
    expect(key.scopes).toEqual([...API_SCOPES]);
    expect(key.scopes).toEqual(expect.arrayContaining(["heartbeat:write", "tools:write", "otlp:write"]));
  });

  it("PATCH /api/gateways/{id}/keys/{keyId} lets an admin replace a key's scopes, audit-logged, effective on the next request", async () => {
    const admin = await createSignedInUser({ roles: ["admin"] });
    const gw = await createTestGateway({ scopes: ["events:write", "policy:read"] });
    expect((await gatewayApi("/heartbeat", gw.apiKey, { body: {} })).status).toBe(403);

    const res = await api(`/api/gateways/${gw.gatewayId}/keys/${gw.keyId}`, { session: admin, method: "PATCH", body: { scopes: ["heartbeat:write", "policy:read", "heartbeat:write"] } });
    expect(res.status).toBe(200);
    expect(res.json.key.scopes).toEqual(["policy:read", "heartbeat:write"]);
    expect((await db().apiKey.findUniqueOrThrow({ where: { id: gw.keyId } })).scopes).toEqual(["policy:read", "heartbeat:write"]);
    expect((await gatewayApi("/policy", gw.apiKey)).status).toBe(200);
    expect((await gatewayApi("/events", gw.apiKey, { body: { events: [] } })).status).toBe(403);

    const audit = await db().auditLog.findFirst({ where: { targetId: gw.keyId, action: "api_key.update_scopes" } });
    expect(audit?.actorEmail).toBe(admin.email);
    expect(audit?.before).toMatchObject({ scopes: ["events:write", "policy:read"] });
    expect(audit?.after).toMatchObject({ scopes: ["policy:read", "heartbeat:write"] });
  });

  it("PATCH /api/gateways/{id}/keys/{keyId} refuses unknown or no scopes (400 naming the field), other gateways' keys (404), revoked keys (409) and non-admins (403)", async () => {
    const admin = await createSignedInUser({ roles: ["admin"] });
    const gw = await createTestGateway();
    const other = await createTestGateway();
    const url = `/api/gateways/${gw.gatewayId}/keys/${gw.keyId}`;
    const unknown = await api(url, { session: admin, method: "PATCH", body: { scopes: ["events:write", "root"] } });
    expect(unknown.status).toBe(400);
    expect(JSON.stringify(unknown.json.error.issues)).toContain("scopes");
    expect((await api(url, { session: admin, method: "PATCH", body: { scopes: [] } })).status).toBe(400);
    expect((await api(url, { session: admin, method: "PATCH", body: { scopes: ["policy:read"], extra: 1 } })).status).toBe(400);
    expect((await api(`/api/gateways/${other.gatewayId}/keys/${gw.keyId}`, { session: admin, method: "PATCH", body: { scopes: ["policy:read"] } })).status).toBe(404);
    for (const role of ["security", "reviewer", "manager", "viewer"] as const) {
      const session = await createSignedInUser({ roles: [role] });
      expect((await api(url, { session, method: "PATCH", body: { scopes: ["policy:read"] } })).status).toBe(403);
    }
    expect((await api(`/api/gateways/${gw.gatewayId}/keys/${gw.keyId}/revoke`, { session: admin, method: "POST" })).status).toBe(200);
    expect((await api(url, { session: admin, method: "PATCH", body: { scopes: ["policy:read"] } })).status).toBe(409);
  });
});
