import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmbeddedPostgres, type EmbeddedPostgresHandle } from "../../lib/db/embedded-postgres";
import { applyMigrations } from "../../lib/db/migrate";
import { generateApiKey } from "../../lib/gateways/api-key";
import { ApiErrorResponse } from "../../lib/ingest/schema";
import { startAppServer, type AppServer } from "../support/app-server";
import { makeEvent } from "./event-factory";

// A second Warden on its own Postgres, with a tiny per-key rate limit, so the database can be stopped.
let dataDir: string;
let db: EmbeddedPostgresHandle;
let server: AppServer;
let apiKey: string;

async function post(body: unknown) {
  const res = await fetch(`${server.url}/api/v1/events`, {
    method: "POST",
    headers: { authorization: `Bearer ${apiKey}`, "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  return { status: res.status, headers: res.headers, json: (await res.json()) as unknown };
}

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), "warden-ingest-limits-"));
  db = await startEmbeddedPostgres({ dataDir });
  await applyMigrations(db.url);
  const key = generateApiKey();
  const client = new pg.Client({ connectionString: db.url });
  await client.connect();
  const { rows } = await client.query<{ id: string }>("INSERT INTO gateways (id, name) VALUES (gen_random_uuid(), 'limits') RETURNING id");
  await client.query("INSERT INTO api_keys (id, gateway_id, prefix, secret_hash, scopes) VALUES (gen_random_uuid(), $1, $2, $3, $4)", [
    rows[0].id,
    key.prefix,
    key.secretHash,
    ["events:write"],
  ]);
  await client.end();
  apiKey = key.plaintext;
  server = await startAppServer({ databaseUrl: db.url, name: "ingest-limits", env: { WARDEN_JOBS: "0", WARDEN_INGEST_RATE_PER_MIN: "3" } });
});

afterAll(async () => {
  await server?.stop();
  await db?.stop();
  await rm(dataDir, { recursive: true, force: true });
});

describe("POST /api/v1/events under limits and failures", () => {
  it("POST /api/v1/events answers 429 with Retry-After past the key's rate limit", async () => {
    const statuses: number[] = [];
    let last: Awaited<ReturnType<typeof post>> | undefined;
    for (let i = 0; i < 4; i++) {
      last = await post({ events: [makeEvent()] });
      statuses.push(last.status);
    }
    expect(statuses).toEqual([200, 200, 200, 429]);
    expect(ApiErrorResponse.parse(last!.json).error.code).toBe("rate_limited");
    expect(Number(last!.headers.get("retry-after"))).toBeGreaterThan(0);
  });

  it("POST /api/v1/events answers 503 with Retry-After when the database is down", async () => {
    await db.stop();
    const res = await post({ events: [makeEvent()] });
    expect(res.status).toBe(503);
    expect(ApiErrorResponse.parse(res.json).error.code).toBe("unavailable");
    expect(Number(res.headers.get("retry-after"))).toBeGreaterThan(0);
  });
});
