/**
 * Authors a new migration offline: `npm run db:migration:new -- <name> [--empty]`.
 *
 * Replays every existing migration into a shadow database on a throwaway embedded Postgres, diffs the
 * result against prisma/schema.prisma with Prisma's (Wasm) schema engine, and writes the SQL to
 * prisma/migrations/<UTC yyyymmddHHMMSS>_<name>/migration.sql — what `prisma migrate dev --create-only`
 * would write. Prints "no changes" and writes nothing when the schema and the migrations agree.
 * `--empty` writes an empty migration to fill in by hand (SQL that Prisma cannot express).
 *
 * Review the generated SQL before committing it; edit it freely until it is applied somewhere.
 *
 * Environment: SHADOW_DATABASE_URL (optional) — use that server for the shadow database instead of a
 * temporary embedded Postgres (the role needs CREATEDB).
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { DEFAULT_MIGRATIONS_DIR } from '../lib/db/migrate';
import { diffSchemaAgainstMigrations, POSTGRES_MIGRATION_LOCK } from '../lib/db/schema-drift';

function usage(): never {
  console.error('usage: npm run db:migration:new -- <name> [--empty]');
  process.exit(2);
}

/** Like Prisma: a directory-safe, lowercase name. */
function slugify(name: string): string {
  return name
    .trim()
    .toLowerCase()
    .replace(/[^a-z0-9_]+/g, '_')
    .replace(/_+/g, '_')
    .replace(/^_|_$/g, '')
    .slice(0, 200);
}

function timestamp(d = new Date()): string {
  const p = (n: number, w = 2) => String(n).padStart(w, '0');
  return `${d.getUTCFullYear()}${p(d.getUTCMonth() + 1)}${p(d.getUTCDate())}${p(d.getUTCHours())}${p(d.getUTCMinutes())}${p(d.getUTCSeconds())}`;
}

async function main() {
  const args = process.argv.slice(2);
  const empty = args.includes('--empty');
  const positional = args.filter((a) => !a.startsWith('--'));
  if (positional.length !== 1 || args.some((a) => a.startsWith('--') && a !== '--empty')) usage();
  const slug = slugify(positional[0]!);
  if (!slug) usage();

  const migrationsDir = path.resolve(DEFAULT_MIGRATIONS_DIR);
  let sql: string;
  if (empty) {
    sql = '-- This is an empty migration.';
  } else {
    console.log('Replaying prisma/migrations into a shadow database and diffing against prisma/schema.prisma…');
    sql = await diffSchemaAgainstMigrations({
      migrationsDir,
      shadowUrl: process.env.SHADOW_DATABASE_URL || undefined,
    });
    if (!sql) {
      console.log('no changes: prisma/schema.prisma and prisma/migrations are in sync');
      return;
    }
  }

  await fs.mkdir(migrationsDir, { recursive: true });
  const lockPath = path.join(migrationsDir, 'migration_lock.toml');
  await fs.writeFile(lockPath, POSTGRES_MIGRATION_LOCK, { flag: 'wx' }).catch((err: NodeJS.ErrnoException) => {
    if (err.code !== 'EEXIST') throw err;
  });

  // Keep names unique and ordered even when two migrations are authored within the same second.
  let when = new Date();
  let dir: string;
  for (;;) {
    dir = path.join(migrationsDir, `${timestamp(when)}_${slug}`);
    const existing = (await fs.readdir(migrationsDir)).filter((n) => n.startsWith(timestamp(when)));
    if (existing.length === 0) break;
    when = new Date(when.getTime() + 1000);
  }
  await fs.mkdir(dir);
  const file = path.join(dir, 'migration.sql');
  await fs.writeFile(file, sql.endsWith('\n') ? sql : `${sql}\n`);
  console.log(`wrote ${path.relative(process.cwd(), file)}`);
  if (!empty) console.log('Review it, then apply with: npm run db:migrate');
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
