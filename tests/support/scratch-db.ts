import { randomUUID } from "node:crypto";
import { inject } from "vitest";
import { databaseUrl, withAdmin } from "./template-db";

/**
 * A new database in the test cluster, for tests that must own a whole database: migrated with the job
 * queues installed (a copy of the run's template database), or empty with `migrate: false`.
 */
export async function createScratchDatabase(opts: { migrate?: boolean } = {}): Promise<{ url: string; drop: () => Promise<void> }> {
  const base = inject("databaseUrl");
  const name = `scratch_${randomUUID().replace(/-/g, "").slice(0, 12)}`;
  // Identifiers cannot be parameters; both names are generated here (hex digits, a constant).
  await withAdmin(base, (admin) => admin.query(opts.migrate === false ? `CREATE DATABASE ${name}` : `CREATE DATABASE ${name} TEMPLATE ${inject("templateDatabase")}`));
  return {
    url: databaseUrl(base, name),
    drop: async () => {
      await withAdmin(base, (admin) => admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
    },
  };
}
