import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import type { TestProject } from "vitest/node";
import { startEmbeddedPostgres } from "../../lib/db/embedded-postgres";
import { applyMigrations } from "../../lib/db/migrate";
import { createTemplateDatabase } from "./template-db";
import { startAppServer } from "./app-server";

declare module "vitest" {
  export interface ProvidedContext {
    baseUrl: string;
    databaseUrl: string;
    serverLogPath: string;
    /** A migrated database with the job queues installed, never connected to: scratch databases copy it. */
    templateDatabase: string;
  }
}

// One real Postgres (embedded, fresh data dir) and one real Warden server for the whole run. Tests
// create their own users, gateways and data with random names, so files run in parallel without cleanup.
export default async function setup(project: TestProject) {
  const dataDir = await mkdtemp(path.join(tmpdir(), "warden-test-"));
  const pg = await startEmbeddedPostgres({ dataDir });
  await applyMigrations(pg.url);
  const [templateDatabase, server] = await Promise.all([
    createTemplateDatabase(pg.url),
    startAppServer({ databaseUrl: pg.url, env: { WARDEN_DIST_DIR: process.env.WARDEN_DIST_DIR ?? ".next" } }),
  ]);
  project.provide("baseUrl", server.url);
  project.provide("databaseUrl", pg.url);
  project.provide("serverLogPath", server.logPath);
  project.provide("templateDatabase", templateDatabase);
  return async () => {
    await server.stop();
    await pg.stop();
    await rm(dataDir, { recursive: true, force: true });
  };
}
