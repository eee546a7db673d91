/**
 * `npm run db:migrate`: applies prisma/migrations to DATABASE_URL, or, when DATABASE_URL is unset, to
 * the embedded Postgres in WARDEN_DATA_DIR (default ./.warden). An embedded server already run by a
 * live Warden process for that directory is reused (and left running); otherwise one is started for
 * the duration of the command.
 */
import path from 'node:path';
import { startEmbeddedPostgres } from '../lib/db/embedded-postgres';
import { applyMigrations } from '../lib/db/migrate';

const log = (msg: string) => console.log(msg);

async function main() {
  const url = process.env.DATABASE_URL;
  if (url) {
    log(`applying migrations to DATABASE_URL (${redact(url)})`);
    await applyMigrations(url, { log });
    return;
  }
  const dataDir = path.resolve(process.env.WARDEN_DATA_DIR || '.warden');
  log(`DATABASE_URL is not set: using the embedded Postgres in ${dataDir}`);
  const pg = await startEmbeddedPostgres({ dataDir, log: process.env.WARDEN_DEBUG_POSTGRES ? log : undefined });
  try {
    await applyMigrations(pg.url, { log });
  } finally {
    await pg.stop();
  }
}

function redact(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return '(unparseable URL)';
  }
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
