import { describe, expect, it } from "vitest";
import pg from "pg";
import { readdirSync } from "node:fs";
import path from "node:path";
import { startAppServer } from "../support/app-server";
import { createScratchDatabase } from "../support/scratch-db";
import { ALL_JOBS } from "../../lib/jobs/all-jobs";

describe("two instances starting at once on an empty database", () => {
  it("both come up; each migration is applied once and one bootstrap admin exists", { timeout: 180_000 }, async () => {
    const scratch = await createScratchDatabase({ migrate: false });
    const env = { WARDEN_JOBS: "0" };
    const [a, b] = await Promise.all([
      startAppServer({ databaseUrl: scratch.url, name: "race-a", env }),
      startAppServer({ databaseUrl: scratch.url, name: "race-b", env }),
    ]);
    try {
      for (const s of [a, b]) expect((await fetch(`${s.url}/api/health`)).status).toBe(200);
      const client = new pg.Client({ connectionString: scratch.url });
      await client.connect();
      const migrations = await client.query<{ migration_name: string; n: number }>(
        "SELECT migration_name, count(*)::int AS n FROM _prisma_migrations WHERE finished_at IS NOT NULL GROUP BY migration_name",
      );
      const onDisk = readdirSync(path.resolve(import.meta.dirname, "../../prisma/migrations"), { withFileTypes: true }).filter((d) => d.isDirectory());
      expect(migrations.rows.length).toBe(onDisk.length);
      expect(migrations.rows.every((r) => r.n === 1)).toBe(true);
      const admins = await client.query<{ n: number }>("SELECT count(*)::int AS n FROM users WHERE 'admin' = ANY(roles)");
      expect(admins.rows[0].n).toBe(1);
      const secrets = await client.query<{ n: number }>("SELECT count(*)::int AS n FROM settings WHERE key = 'nextauth_secret'");
      expect(secrets.rows[0].n).toBe(0); // the tests pass NEXTAUTH_SECRET, so none is generated
      // Neither runs job workers (WARDEN_JOBS=0), yet every job queue exists: code enqueues jobs inside its
      // own transactions, which failed with 'relation "pgboss.job" does not exist' on such a database.
      const queues = await client.query<{ name: string }>("SELECT name FROM pgboss.queue");
      expect(queues.rows.map((r) => r.name).sort()).toEqual(ALL_JOBS.map((j) => j.id).sort());
      await client.end();
    } finally {
      await Promise.all([a.stop(), b.stop()]);
      await scratch.drop();
    }
  });
});
