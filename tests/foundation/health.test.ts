import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { startEmbeddedPostgres } from "../../lib/db/embedded-postgres";
import { applyMigrations } from "../../lib/db/migrate";
import { startAppServer } from "../support/app-server";
import { api } from "../support/http";

describe("GET /api/health", () => {
  it("answers ok with the database reachable", async () => {
    const res = await api("/api/health");
    expect(res.status).toBe(200);
    expect(res.json).toEqual({ status: "ok", db: "ok" });
  });

  it("answers 503 with db not ok when Postgres is stopped, and recovers when it is back", { timeout: 180_000 }, async () => {
    const dataDir = await mkdtemp(path.join(tmpdir(), "warden-health-"));
    let pg = await startEmbeddedPostgres({ dataDir });
    await applyMigrations(pg.url);
    const server = await startAppServer({ databaseUrl: pg.url, name: "health", env: { WARDEN_JOBS: "0" } });
    try {
      await pg.stop();
      const down = await fetch(`${server.url}/api/health`);
      expect(down.status).toBe(503);
      expect(await down.json()).toEqual({ status: "degraded", db: "unreachable" });

      pg = await startEmbeddedPostgres({ dataDir, port: pg.port });
      // Warden reconnects on its own; on a loaded machine that can take a while, so wait on the answer.
      let status = 0;
      for (const deadline = Date.now() + 90_000; status !== 200 && Date.now() < deadline; ) {
        status = (await fetch(`${server.url}/api/health`)).status;
        if (status !== 200) await new Promise((r) => setTimeout(r, 250));
      }
      expect(status).toBe(200);
    } finally {
      await server.stop();
      await pg.stop();
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});
