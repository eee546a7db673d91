// Migrations: prisma/schema.prisma and prisma/migrations must not drift apart; the real migrations
// apply to an empty database, once, even with two instances starting together; and the migration
// runner keeps Prisma's guarantees (checksums, failed migrations) with offline tooling. Real Postgres.
import { createHash, randomUUID } from 'node:crypto';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmbeddedPostgres, type EmbeddedPostgresHandle } from '../../lib/db/embedded-postgres';
import { applyMigrations, MIGRATION_LOCK_KEY } from '../../lib/db/migrate';
import { diffSchemaAgainstMigrations, POSTGRES_MIGRATION_LOCK } from '../../lib/db/schema-drift';
import { withDatabase } from '../../lib/db/schema-engine';

const root = path.resolve(import.meta.dirname, '../..');
const MIGRATIONS = path.join(root, 'prisma', 'migrations');
const SCHEMA = path.join(root, 'prisma', 'schema.prisma');

let server: EmbeddedPostgresHandle;
let dataDir: string;
let scratch: string;

beforeAll(async () => {
  dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'warden-migrations-test-'));
  scratch = await fs.mkdtemp(path.join(os.tmpdir(), 'warden-migrations-fixtures-'));
  server = await startEmbeddedPostgres({ dataDir });
}, 120_000);

afterAll(async () => {
  await server?.stop();
  await fs.rm(dataDir, { recursive: true, force: true });
  await fs.rm(scratch, { recursive: true, force: true });
}, 60_000);

/** A fresh, empty database on the test server. */
async function freshDatabase(): Promise<string> {
  const name = `t_${randomUUID().replace(/-/g, '')}`;
  await query(server.url, `CREATE DATABASE ${name}`);
  return withDatabase(server.url, name);
}

async function query<T extends pg.QueryResultRow = Record<string, unknown>>(url: string, sql: string, params: unknown[] = []) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(sql, params)).rows;
  } finally {
    await client.end();
  }
}

async function migrationNames(dir: string): Promise<string[]> {
  return (await fs.readdir(dir, { withFileTypes: true }))
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort();
}

/** Writes a migrations folder: name → SQL. */
async function fixtureMigrations(migrations: Record<string, string>): Promise<string> {
  const dir = path.join(scratch, `m_${randomUUID()}`);
  await fs.mkdir(dir, { recursive: true });
  await fs.writeFile(path.join(dir, 'migration_lock.toml'), POSTGRES_MIGRATION_LOCK);
  for (const [name, sql] of Object.entries(migrations)) {
    await fs.mkdir(path.join(dir, name));
    await fs.writeFile(path.join(dir, name, 'migration.sql'), sql);
  }
  return dir;
}

async function fixtureSchema(models: string): Promise<string> {
  const file = path.join(scratch, `s_${randomUUID()}.prisma`);
  await fs.writeFile(file, `datasource db {\n  provider = "postgresql"\n}\n\n${models}\n`);
  return file;
}

describe('prisma/schema.prisma and prisma/migrations', { timeout: 120_000 }, () => {
  it('do not drift: replaying the migrations yields exactly the schema', async () => {
    const sql = await diffSchemaAgainstMigrations({ schemaPath: SCHEMA, migrationsDir: MIGRATIONS, shadowUrl: server.url });
    expect(
      sql,
      'prisma/schema.prisma and prisma/migrations disagree. Create a migration for the change with ' +
        '`npm run db:migration:new -- <name>` (or fix the hand-written SQL). The SQL that would bring ' +
        'the migrations in line with the schema is shown below.',
    ).toBe('');
  });

  it('apply to an empty database, record Prisma-compatible rows, and are idempotent', async () => {
    const url = await freshDatabase();
    const names = await migrationNames(MIGRATIONS);
    expect(names.length).toBeGreaterThan(0);

    const first = await applyMigrations(url, { migrationsDir: MIGRATIONS });
    expect(first.applied).toEqual(names);
    const second = await applyMigrations(url, { migrationsDir: MIGRATIONS });
    expect(second.applied).toEqual([]);

    const rows = await query<{ migration_name: string; checksum: string; finished_at: Date | null; rolled_back_at: Date | null; applied_steps_count: number; logs: string | null }>(
      url,
      'SELECT migration_name, checksum, finished_at, rolled_back_at, applied_steps_count, logs FROM _prisma_migrations ORDER BY migration_name',
    );
    expect(rows.map((r) => r.migration_name)).toEqual(names);
    for (const row of rows) {
      const file = await fs.readFile(path.join(MIGRATIONS, row.migration_name, 'migration.sql'));
      expect(row.checksum).toBe(createHash('sha256').update(file).digest('hex'));
      expect(row.finished_at).toBeInstanceOf(Date);
      expect(row.rolled_back_at).toBeNull();
      expect(row.applied_steps_count).toBe(1);
    }

    // Every model's table exists (@@map names, from the schema).
    const schema = await fs.readFile(SCHEMA, 'utf8');
    const mapped = [...schema.matchAll(/@@map\("([^"]+)"\)/g)].map((m) => m[1]!);
    const tables = (await query<{ tablename: string }>(url, "SELECT tablename FROM pg_tables WHERE schemaname = 'public'")).map((r) => r.tablename);
    const partitioned = (await query<{ relname: string }>(url, "SELECT relname FROM pg_class WHERE relkind = 'p'")).map((r) => r.relname);
    for (const table of mapped) expect([...tables, ...partitioned]).toContain(table);
  });

  it('are applied once when two instances migrate the same empty database at the same time', async () => {
    const url = await freshDatabase();
    const names = await migrationNames(MIGRATIONS);
    const [a, b] = await Promise.all([
      applyMigrations(url, { migrationsDir: MIGRATIONS }),
      applyMigrations(url, { migrationsDir: MIGRATIONS }),
    ]);
    expect([...a.applied, ...b.applied].sort()).toEqual(names);
    expect(a.applied.length === 0 || b.applied.length === 0).toBe(true);
    const counts = await query<{ migration_name: string; n: number }>(
      url,
      'SELECT migration_name, count(*)::int AS n FROM _prisma_migrations GROUP BY 1 ORDER BY 1',
    );
    expect(counts).toEqual(names.map((migration_name) => ({ migration_name, n: 1 })));
    // The lock is released afterwards.
    const [{ free }] = await query<{ free: boolean }>(url, 'SELECT pg_try_advisory_lock($1::bigint) AS free', [MIGRATION_LOCK_KEY]);
    expect(free).toBe(true);
  });
});

describe('applyMigrations', { timeout: 120_000 }, () => {
  it('applies new migrations on top, and refuses when an applied migration was edited', async () => {
    const url = await freshDatabase();
    const dir = await fixtureMigrations({ '20250101000000_one': 'CREATE TABLE one (id int PRIMARY KEY);\n' });
    expect((await applyMigrations(url, { migrationsDir: dir })).applied).toEqual(['20250101000000_one']);

    await fs.mkdir(path.join(dir, '20250102000000_two'));
    await fs.writeFile(path.join(dir, '20250102000000_two', 'migration.sql'), 'CREATE TABLE two (id int PRIMARY KEY);\n');
    expect((await applyMigrations(url, { migrationsDir: dir })).applied).toEqual(['20250102000000_two']);

    await fs.appendFile(path.join(dir, '20250101000000_one', 'migration.sql'), 'ALTER TABLE one ADD COLUMN x int;\n');
    await expect(applyMigrations(url, { migrationsDir: dir })).rejects.toThrow(/20250101000000_one.*modified after they were applied/);
  });

  it('runs a migration as one script (function bodies, strings with ";") and all-or-nothing', async () => {
    const url = await freshDatabase();
    const dir = await fixtureMigrations({
      '20250101000000_fn': `
        CREATE TABLE notes (id int PRIMARY KEY, body text NOT NULL DEFAULT 'a;b');
        CREATE FUNCTION notes_guard() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          IF NEW.body = '' THEN RAISE EXCEPTION 'empty; not allowed'; END IF;
          RETURN NEW;
        END $$;
        CREATE TRIGGER notes_guard BEFORE INSERT ON notes FOR EACH ROW EXECUTE FUNCTION notes_guard();
      `,
    });
    await applyMigrations(url, { migrationsDir: dir });
    await query(url, 'INSERT INTO notes (id) VALUES (1)');
    expect(await query(url, 'SELECT body FROM notes')).toEqual([{ body: 'a;b' }]);
    await expect(query(url, "INSERT INTO notes (id, body) VALUES (2, '')")).rejects.toThrow(/empty; not allowed/);

    // A failing statement rolls back the statements before it, is recorded as failed, and blocks later runs.
    await fs.mkdir(path.join(dir, '20250102000000_bad'));
    await fs.writeFile(
      path.join(dir, '20250102000000_bad', 'migration.sql'),
      'CREATE TABLE half (id int);\nALTER TABLE no_such_table ADD COLUMN y int;\n',
    );
    await expect(applyMigrations(url, { migrationsDir: dir })).rejects.toThrow(/no_such_table/);
    expect(await query(url, "SELECT to_regclass('half') AS t")).toEqual([{ t: null }]);
    await expect(applyMigrations(url, { migrationsDir: dir })).rejects.toThrow(/20250102000000_bad failed earlier/);
  });
});

describe('diffSchemaAgainstMigrations', { timeout: 120_000 }, () => {
  const model = `model Thing {
  id   Int      @default(autoincrement())
  ts   DateTime @db.Timestamptz(3)
  name String

  @@id([id, ts])
  @@index([name, ts])
  @@index([ts], type: Brin, map: "things_ts_brin")
  @@map("things")
}`;

  it('reports what the migrations lack, and nothing once a migration adds it', async () => {
    const schema = await fixtureSchema(model);
    const emptyDir = await fixtureMigrations({});
    const full = await diffSchemaAgainstMigrations({ schemaPath: schema, migrationsDir: emptyDir, shadowUrl: server.url });
    expect(full).toMatch(/CREATE TABLE "things"/);

    // The initial migration forgot the column (and so the index on it).
    const withoutName = full.replace(/\s*"name" TEXT NOT NULL,/, '').replace(/-- CreateIndex\nCREATE INDEX "things_name_ts_idx"[^\n]*\n/, '');
    expect(withoutName).not.toContain('"name"');
    const dir = await fixtureMigrations({ '20250101000000_init': withoutName });
    const missing = await diffSchemaAgainstMigrations({ schemaPath: schema, migrationsDir: dir, shadowUrl: server.url });
    expect(missing).toMatch(/ADD COLUMN\s+"name" TEXT NOT NULL/);
    expect(missing).toMatch(/CREATE INDEX "things_name_ts_idx"/);

    await fs.mkdir(path.join(dir, '20250102000000_name'));
    await fs.writeFile(path.join(dir, '20250102000000_name', 'migration.sql'), missing);
    expect(await diffSchemaAgainstMigrations({ schemaPath: schema, migrationsDir: dir, shadowUrl: server.url })).toBe('');
  });

  it('treats a hand-partitioned table plus functions, triggers and extra indexes as no drift', async () => {
    const schema = await fixtureSchema(model);
    const generated = await diffSchemaAgainstMigrations({
      schemaPath: schema,
      migrationsDir: await fixtureMigrations({}),
      shadowUrl: server.url,
    });
    // What the lead does to the initial migration for `events`: partition the parent by range of ts.
    const partitioned = generated.replace(/(CREATE TABLE "things" \([\s\S]*?\n\))/, '$1 PARTITION BY RANGE ("ts")');
    expect(partitioned).toContain('PARTITION BY RANGE ("ts")');
    const dir = await fixtureMigrations({
      '20250101000000_init': `${partitioned}
CREATE TABLE things_default PARTITION OF things DEFAULT;
CREATE TABLE things_p20250101 PARTITION OF things FOR VALUES FROM ('2025-01-01') TO ('2025-01-02');
CREATE FUNCTION things_ensure_partition(day date) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  EXECUTE format('CREATE TABLE IF NOT EXISTS %I PARTITION OF things FOR VALUES FROM (%L) TO (%L)',
                 'things_p' || to_char(day, 'YYYYMMDD'), day, day + 1);
END $$;
SELECT things_ensure_partition(DATE '2025-01-02');
CREATE INDEX things_lower_name_idx ON things (lower(name));
CREATE INDEX things_recent_idx ON things (ts) WHERE name <> '';
ALTER TABLE things ADD CONSTRAINT things_name_not_blank CHECK (name <> '');
COMMENT ON TABLE things IS 'partitioned by day';
`,
    });
    expect(await diffSchemaAgainstMigrations({ schemaPath: schema, migrationsDir: dir, shadowUrl: server.url })).toBe('');

    // Each piece really was applied (to a database of our own), so the check above means something.
    const url = await freshDatabase();
    await applyMigrations(url, { migrationsDir: dir });
    const parts = await query<{ relname: string }>(url, "SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid WHERE i.inhparent = 'things'::regclass AND c.relkind = 'r' ORDER BY 1");
    expect(parts.map((r) => r.relname)).toEqual(['things_default', 'things_p20250101', 'things_p20250102']);
  });

  it('does report an index made in SQL that the schema does not declare', async () => {
    const schema = await fixtureSchema(model);
    const generated = await diffSchemaAgainstMigrations({ schemaPath: schema, migrationsDir: await fixtureMigrations({}), shadowUrl: server.url });
    const dir = await fixtureMigrations({ '20250101000000_init': `${generated}\nCREATE INDEX things_name_brin ON things USING brin (name);\n` });
    expect(await diffSchemaAgainstMigrations({ schemaPath: schema, migrationsDir: dir, shadowUrl: server.url })).toMatch(/DROP INDEX "things_name_brin"/);
  });
});
