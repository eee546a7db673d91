/**
 * Applies `prisma/migrations` (Prisma's folder layout) to a database, offline, with Prisma's own
 * schema engine compiled to Wasm (see ./schema-engine.ts). The engine writes the standard
 * `_prisma_migrations` table (same ids, sha256 checksums, logs, applied_steps_count), so
 * `prisma migrate deploy` / `migrate status` agree with what we did, and vice versa.
 *
 * Around the engine we add:
 *  - a session-level Postgres advisory lock held for the whole run on a dedicated connection, so two
 *    app instances starting at once apply each migration exactly once (the second waits, then finds
 *    nothing to do). The key is ours, not Prisma's 72707369, which the engine may take itself;
 *  - a refusal to run when an already-applied migration was edited (checksum differs) or a previous
 *    attempt failed, with a message saying what to do. (`migrate deploy` only warns on edits.)
 */
import path from 'node:path';
import pg from 'pg';
import { NO_FILTER, openSchemaEngine, readMigrationsList, runEngine } from './schema-engine';

/** Arbitrary, fixed advisory-lock key for "Warden is migrating this database". */
export const MIGRATION_LOCK_KEY = '7731528914463502337';

export const DEFAULT_MIGRATIONS_DIR = 'prisma/migrations';

export interface ApplyMigrationsOptions {
  /** Default: `<cwd>/prisma/migrations`. */
  migrationsDir?: string;
  log?: (msg: string) => void;
  /** How long to wait for another process holding the migration lock. Default 10 minutes. */
  lockTimeoutMs?: number;
}

export class MigrationError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'MigrationError';
  }
}

export async function applyMigrations(
  databaseUrl: string,
  opts: ApplyMigrationsOptions = {},
): Promise<{ applied: string[] }> {
  const log = opts.log ?? (() => {});
  const migrationsDir = path.resolve(opts.migrationsDir ?? DEFAULT_MIGRATIONS_DIR);
  const migrationsList = await readMigrationsList(migrationsDir);
  if (migrationsList.migrationDirectories.length === 0) {
    throw new MigrationError(`no migrations found in ${migrationsDir}`);
  }
  const unreadable = migrationsList.migrationDirectories.filter((m) => m.migrationFile.content.tag === 'error');
  if (unreadable.length) {
    throw new MigrationError(
      `cannot read ${unreadable.map((m) => path.join(migrationsDir, m.path, 'migration.sql')).join(', ')}`,
    );
  }

  const lock = await acquireMigrationLock(databaseUrl, opts.lockTimeoutMs ?? 10 * 60_000, log);
  try {
    const session = await openSchemaEngine(databaseUrl, { log: process.env.WARDEN_DEBUG_SCHEMA_ENGINE ? log : undefined });
    try {
      const diagnosis = await runEngine(session, (e) =>
        e.diagnoseMigrationHistory({ migrationsList, optInToShadowDatabase: false, filters: NO_FILTER }),
      );
      if (diagnosis.failedMigrationNames.length) {
        throw new MigrationError(
          `migration(s) ${diagnosis.failedMigrationNames.join(', ')} failed earlier and left the database in an unknown state. ` +
            `Inspect _prisma_migrations.logs, repair the database by hand, then mark it with ` +
            `\`prisma migrate resolve --rolled-back <name>\` (or --applied) before starting again.`,
        );
      }
      if (diagnosis.editedMigrationNames.length) {
        throw new MigrationError(
          `migration(s) ${diagnosis.editedMigrationNames.join(', ')} were modified after they were applied to this database ` +
            `(checksum mismatch). Applied migrations are immutable: restore the original migration.sql and put the ` +
            `change in a new migration (npm run db:migration:new -- <name>).`,
        );
      }
      if (diagnosis.history?.diagnostic === 'migrationsDirectoryIsBehind' || diagnosis.history?.diagnostic === 'historiesDiverge') {
        log(
          `warning: the database has migrations this code does not know: ${diagnosis.history.unpersistedMigrationNames.join(', ')} ` +
            `(older code against a newer database?)`,
        );
      }

      const result = await runEngine(session, (e) => e.applyMigrations({ migrationsList, filters: NO_FILTER }));
      const applied = result.appliedMigrationNames;
      if (applied.length) log(`applied ${applied.length} migration(s): ${applied.join(', ')}`);
      else log('database schema is up to date');
      return { applied };
    } catch (err) {
      if (err instanceof MigrationError) throw err;
      throw new MigrationError(`applying migrations from ${migrationsDir} failed: ${(err as Error).message}`, { cause: err });
    } finally {
      await session.close();
    }
  } finally {
    await lock.release();
  }
}

async function acquireMigrationLock(databaseUrl: string, timeoutMs: number, log: (msg: string) => void) {
  const client = new pg.Client({ connectionString: databaseUrl, application_name: 'warden-migrate' });
  await client.connect();
  // If this connection drops, Postgres releases the lock with it; nothing to clean up.
  client.on('error', (err) => log(`migration lock connection error: ${err.message}`));
  try {
    const deadline = Date.now() + timeoutMs;
    let waiting = false;
    for (;;) {
      const { rows } = await client.query<{ locked: boolean }>('SELECT pg_try_advisory_lock($1::bigint) AS locked', [
        MIGRATION_LOCK_KEY,
      ]);
      if (rows[0]?.locked) break;
      if (Date.now() > deadline) {
        throw new MigrationError(`timed out after ${timeoutMs} ms waiting for another process to finish migrating`);
      }
      if (!waiting) {
        log('another process is applying migrations; waiting for it');
        waiting = true;
      }
      await new Promise((r) => setTimeout(r, 200));
    }
  } catch (err) {
    await client.end().catch(() => {});
    throw err;
  }
  return {
    async release() {
      try {
        await client.query('SELECT pg_advisory_unlock($1::bigint)', [MIGRATION_LOCK_KEY]);
      } finally {
        await client.end().catch(() => {});
      }
    },
  };
}
