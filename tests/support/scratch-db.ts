import { randomUUID } from "node:crypto";
import pg from "pg";
import { inject } from "vitest";
import { applyMigrations } from "../../lib/db/migrate";
import { ALL_JOBS } from "../../lib/jobs/all-jobs";
import { installJobQueues } from "../../lib/jobs/install-job-queues";

/** A new, migrated database in the test cluster, for tests that must own a whole database. */
export async function createScratchDatabase(opts: { migrate?: boolean } = {}): Promise<{ url: string; drop: () => Promise<void> }> {
  const base = new URL(inject("databaseUrl"));
  const name = `scratch_${randomUUID().replace(/-/g, "").slice(0, 12)}`;
  const admin = new pg.Client({ connectionString: base.toString() });
  await admin.connect();
  // Identifiers cannot be parameters; the name is generated here from hex digits only.
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(base);
  url.pathname = `/${name}`;
  if (opts.migrate !== false) {
    await applyMigrations(url.toString());
    // As a server start does: the job queues exist wherever the database does.
    await installJobQueues(url.toString(), ALL_JOBS);
  }
  return {
    url: url.toString(),
    drop: async () => {
      const c = new pg.Client({ connectionString: base.toString() });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}
