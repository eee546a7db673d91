import { readFile } from "node:fs/promises";
import pg from "pg";
import { describe, expect, inject, it } from "vitest";
import { db } from "../../lib/db";
import { revokeApiKey } from "../../lib/gateways/revoke-api-key";
import { createApiKey } from "../../lib/gateways/create-api-key";
import { parseApiKey } from "../../lib/gateways/api-key";
import { createTestGateway, gatewayApi } from "../support/gateways";
import { makeEvent } from "./event-factory";

describe("gateway API keys", () => {
  it("POST /api/v1/events answers 401 right after the key is revoked", async () => {
    const gw = await createTestGateway();
    expect((await gatewayApi("/events", gw.apiKey, { body: { events: [makeEvent()] } })).status).toBe(200);
    await revokeApiKey({ keyId: gw.keyId, actor: { email: "tests" } });
    const res = await gatewayApi("/events", gw.apiKey, { body: { events: [makeEvent()] } });
    expect(res.status).toBe(401);
    expect(res.json.error.code).toBe("unauthenticated");
  });

  it("POST /api/v1/events answers 401 to an expired key", async () => {
    const gw = await createTestGateway();
    const { apiKey, key } = await createApiKey({ gatewayId: gw.gatewayId, input: { expiresAt: new Date(Date.now() + 3_600_000).toISOString() }, actor: { email: "tests" } });
    expect(key.expiresAt).not.toBeNull();
    expect((await gatewayApi("/events", apiKey, { body: { events: [makeEvent()] } })).status).toBe(200);
    // Its time runs out (keys are read on every request, never cached). With a key made to expire 1.5 s
    // after its creation, a first request later than that on a loaded machine was already refused.
    await db().apiKey.update({ where: { id: key.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    expect((await gatewayApi("/events", apiKey, { body: { events: [makeEvent()] } })).status).toBe(401);
  });

  it("answers concurrent requests with different keys each by its own key (lookups shared in one query)", async () => {
    const gws = await Promise.all(Array.from({ length: 12 }, () => createTestGateway()));
    const revoked = gws[5];
    await revokeApiKey({ keyId: revoked.keyId, actor: { email: "tests" } });
    const ids = gws.map(() => makeEvent());
    const results = await Promise.all(gws.map((gw, i) => gatewayApi("/events", gw.apiKey, { body: { events: [ids[i]] } })));
    results.forEach((res, i) => expect(res.status, `gateway ${i}`).toBe(i === 5 ? 401 : 200));
    const client = new pg.Client({ connectionString: inject("databaseUrl") });
    await client.connect();
    try {
      const { rows } = await client.query<{ id: string; gateway_id: string }>("SELECT id, gateway_id FROM events WHERE id = ANY($1::uuid[])", [ids.map((e) => e.id)]);
      const byEvent = new Map(rows.map((r) => [r.id, r.gateway_id]));
      gws.forEach((gw, i) => expect(byEvent.get(ids[i].id)).toBe(i === 5 ? undefined : gw.gatewayId));
    } finally {
      await client.end();
    }
  });

  it("stores no plaintext API key anywhere in the database or the server log", async () => {
    const gw = await createTestGateway();
    await gatewayApi("/events", gw.apiKey, { body: { events: [makeEvent()] } });
    await gatewayApi("/events", gw.apiKey, { rawBody: "{bad", headers: { "content-type": "application/json" } });
    // The secret part (base64url: it may itself contain "_", so split by the key format, not by "_").
    const secret = parseApiKey(gw.apiKey)!.secret;
    const client = new pg.Client({ connectionString: inject("databaseUrl") });
    await client.connect();
    try {
      const { rows: tables } = await client.query<{ name: string }>(
        "SELECT format('%I.%I', schemaname, tablename) AS name FROM pg_tables WHERE schemaname NOT IN ('pg_catalog', 'information_schema')",
      );
      for (const { name } of tables) {
        // Table names come from the catalog, quoted by format('%I'); the key is a parameter.
        const { rows } = await client.query<{ n: string }>(`SELECT count(*) AS n FROM ${name} t WHERE t::text LIKE '%' || $1 || '%'`, [secret]);
        expect(Number(rows[0].n), `table ${name}`).toBe(0);
      }
    } finally {
      await client.end();
    }
    const logText = await readFile(inject("serverLogPath"), "utf8");
    expect(logText).not.toContain(secret);
  });
});
