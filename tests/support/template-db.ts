import pg from "pg";
import { applyMigrations } from "../../lib/db/migrate";
import { ALL_JOBS } from "../../lib/jobs/all-jobs";
import { installJobQueues } from "../../lib/jobs/install-job-queues";

const TEMPLATE = "warden_template";

export async function withAdmin<T>(baseUrl: string, run: (admin: pg.Client) => Promise<T>): Promise<T> {
  const admin = new pg.Client({ connectionString: baseUrl });
  await admin.connect();
  try {
    return await run(admin);
  } finally {
    await admin.end();
  }
}

export function databaseUrl(baseUrl: string, name: string): string {
  const url = new URL(baseUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

/**
 * Once per run (global setup): a database migrated as a server start does it (migrations, then the job
 * queues). Scratch databases (./scratch-db.ts) are copies of it: CREATE DATABASE … TEMPLATE copies files
 * in well under a second, where migrating each new database took seconds. Nothing connects to it after
 * this (a template with a connection cannot be copied).
 */
export async function createTemplateDatabase(baseUrl: string): Promise<string> {
  await withAdmin(baseUrl, (admin) => admin.query(`CREATE DATABASE ${TEMPLATE}`));
  const url = databaseUrl(baseUrl, TEMPLATE);
  await applyMigrations(url);
  await installJobQueues(url, ALL_JOBS);
  return TEMPLATE;
}
