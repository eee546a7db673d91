/**
 * Prisma's schema engine (the thing behind `prisma migrate` / `db push` / `migrate diff`), run offline
 * from the `@prisma/schema-engine-wasm` package with the `@prisma/adapter-pg` driver adapter, instead of
 * the native binary the Prisma CLI would download.
 *
 * The package's own entry point does `import * as wasm from "./schema_engine_bg.wasm"`, which needs
 * Node's --experimental-wasm-modules. We instead load the JS glue (`schema_engine_bg.js`) and
 * instantiate the .wasm ourselves, which is what wasm-bindgen's "bundler" output expects a bundler to do
 * (and what Prisma's own CLI does internally).
 *
 * The engine takes a `SqlMigrationAwareDriverAdapterFactory` wrapped by
 * `bindMigrationAwareSqlAdapterFactory` (the same as Prisma's `SchemaEngineWasm.setup`). When it needs a
 * shadow database (diffing from a migrations directory), it calls the adapter's `connectToShadowDb()`,
 * which for PrismaPg creates and later drops a `prisma_migrate_shadow_db_<uuid>` database on the same
 * server, so the connecting role needs CREATEDB.
 */
import { randomUUID } from 'node:crypto';
import { promises as fs } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { PrismaPg } from '@prisma/adapter-pg';
import pg from 'pg';
import {
  bindMigrationAwareSqlAdapterFactory,
  ColumnTypeEnum,
  DriverAdapterError,
  type SqlDriverAdapter,
  type SqlMigrationAwareDriverAdapterFactory,
} from '@prisma/driver-adapter-utils';
import type {
  MigrationList,
  SchemaEngine,
  SchemaFilter,
  SchemasContainer,
} from '@prisma/schema-engine-wasm';

type WasmGlue = typeof import('@prisma/schema-engine-wasm/schema_engine_bg') & {
  __wbg_set_wasm(exports: WebAssembly.Exports): void;
};

let glue: Promise<WasmGlue> | null = null;

const PG_CHAR_OID = 18; // the internal single-byte "char" type (pg_class.relkind, pg_constraint.contype, …)
const PG_TEXT_OID = 25;

/*
 * Works around a gap in @prisma/adapter-pg 7.10: it has no column type for PostgreSQL's internal
 * `"char"` type (OID 18) and throws UnsupportedNativeDataType, so the engine's schema describer (which
 * selects catalog columns of that type, e.g. pg_constraint.contype) fails with "Column type 'char' could
 * not be deserialized from the database" on every Postgres database. (prisma/orm#27403 is the same bug
 * for the `name` type, fixed since.) Describing a database is needed by `diff` from a migrations
 * directory, so without this no drift check or migration authoring is possible.
 *
 * Two layers:
 *  1. CharAsTextClient, the pool's client class, relabels OID 18 result columns as text so the adapter
 *     accepts them (pg returns the value as a one-character string either way) and remembers which
 *     columns those were, keyed by the result's rows array (the adapter passes that array through).
 *  2. withCharColumns() wraps the adapter so those columns are reported to the engine as
 *     ColumnType.Character, which is what its describer expects (`get_expect_char`).
 */
const charColumnsByRows = new WeakMap<unknown[], number[]>();

class CharAsTextClient extends pg.Client {
  // pg.Pool#query calls client.query(config, values, callback); direct users get a promise.
  override query(...args: unknown[]): never {
    const last = args.length - 1;
    if (typeof args[last] === 'function') {
      const callback = args[last] as (err: unknown, res?: pg.QueryResult) => void;
      args[last] = (err: unknown, res?: pg.QueryResult) => callback(err, relabelChar(res));
    }
    const result = (super.query as (...a: unknown[]) => unknown)(...args);
    if (result && typeof (result as Promise<unknown>).then === 'function') {
      return (result as Promise<pg.QueryResult>).then(relabelChar) as never;
    }
    return result as never;
  }
}

function relabelChar(res: pg.QueryResult | undefined) {
  const fields = res?.fields ?? [];
  const charColumns: number[] = [];
  fields.forEach((field, i) => {
    if (field.dataTypeID === PG_CHAR_OID) {
      field.dataTypeID = PG_TEXT_OID;
      charColumns.push(i);
    }
  });
  if (charColumns.length && Array.isArray(res?.rows)) charColumnsByRows.set(res.rows, charColumns);
  return res;
}

type Queryable = Pick<SqlDriverAdapter, 'queryRaw'>;

function patchQueryRaw<T extends Queryable>(q: T): T {
  const queryRaw = q.queryRaw.bind(q);
  q.queryRaw = async (query) => {
    const result = await queryRaw(query);
    for (const i of charColumnsByRows.get(result.rows as unknown[]) ?? []) {
      result.columnTypes[i] = ColumnTypeEnum.Character;
    }
    return result;
  };
  return q;
}

function withCharColumns(adapter: SqlDriverAdapter): SqlDriverAdapter {
  patchQueryRaw(adapter);
  const startTransaction = adapter.startTransaction.bind(adapter);
  adapter.startTransaction = async (...args) => patchQueryRaw(await startTransaction(...args));
  return adapter;
}

/**
 * PrismaPg 7.10's executeScript() splits the script on every ";" and runs the pieces one by one on
 * whatever pooled connection is free. That breaks any migration with a function body, DO block or a
 * string containing ";", and a failure half-way leaves half a migration applied. The native engine
 * sends the whole script as one simple-protocol query (one connection, implicitly one transaction
 * unless the script manages its own), and so do we.
 */
function withWholeScripts(adapter: SqlDriverAdapter, pool: pg.Pool): SqlDriverAdapter {
  adapter.executeScript = async (script: string) => {
    try {
      await pool.query(script);
    } catch (err) {
      const e = err as pg.DatabaseError;
      if (typeof e?.code !== 'string' || typeof e?.severity !== 'string') throw err;
      throw new DriverAdapterError({
        kind: 'postgres',
        code: e.code,
        severity: e.severity,
        message: e.message,
        detail: e.detail,
        column: e.column,
        hint: e.hint,
        originalCode: e.code,
        originalMessage: e.message,
      });
    }
  };
  return adapter;
}

function patchAdapter(adapter: SqlDriverAdapter, pool: pg.Pool): SqlDriverAdapter {
  return withWholeScripts(withCharColumns(adapter), pool);
}

/**
 * The driver-adapter factory handed to the engine. The main connection is a PrismaPg adapter over a
 * pool of CharAsTextClient. The shadow database is our own, not PrismaPg's connectToShadowDb(), because
 * that one (7.10) builds the shadow pool from `{ ...poolOptions, database }`, and pg lets a
 * `connectionString` override `database`: with a URL it silently connects the "shadow" to the main
 * database and replays every migration there. It also drops the shadow database before closing its
 * pool. Ours points a URL at the new database and drops it (WITH (FORCE)) after the pool is closed.
 */
function adapterFactory(databaseUrl: string, pool: pg.Pool, shadowDbs: Set<string>, log: (m: string) => void) {
  const main = new PrismaPg(pool);
  const factory: SqlMigrationAwareDriverAdapterFactory = {
    provider: main.provider,
    adapterName: main.adapterName,
    connect: async () => patchAdapter(await main.connect(), pool),
    connectToShadowDb: async () => {
      const name = `prisma_migrate_shadow_db_${randomUUID()}`;
      await adminQuery(databaseUrl, `CREATE DATABASE ${quoteIdent(name)}`);
      shadowDbs.add(name);
      const shadowPool = new pg.Pool({ connectionString: withDatabase(databaseUrl, name), max: 2, Client: CharAsTextClient });
      shadowPool.on('error', (err) => log(`shadow database connection error: ${err.message}`));
      const adapter = patchAdapter(await new PrismaPg(shadowPool, { disposeExternalPool: true }).connect(), shadowPool);
      const dispose = adapter.dispose.bind(adapter);
      adapter.dispose = async () => {
        await dispose().catch(() => {});
        await dropShadowDb(databaseUrl, name, shadowDbs);
      };
      return adapter;
    },
  };
  return factory;
}

async function dropShadowDb(databaseUrl: string, name: string, shadowDbs: Set<string>) {
  shadowDbs.delete(name);
  await adminQuery(databaseUrl, `DROP DATABASE IF EXISTS ${quoteIdent(name)} WITH (FORCE)`);
}

async function adminQuery(databaseUrl: string, sql: string) {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end().catch(() => {});
  }
}

/** The same connection URL with another database name. */
export function withDatabase(databaseUrl: string, database: string): string {
  const url = new URL(databaseUrl);
  url.pathname = `/${encodeURIComponent(database)}`;
  return url.toString();
}

function quoteIdent(name: string) {
  return `"${name.replace(/"/g, '""')}"`;
}

/**
 * The engine reports the reason for a Rust panic through this global before trapping with
 * "unreachable" (as Prisma's own CLI expects); we keep the last message and attach it to the error.
 */
let lastPanic: string | null = null;
function installPanicRegistry() {
  const g = globalThis as { PRISMA_WASM_PANIC_REGISTRY?: { set_message(m: string): void } };
  g.PRISMA_WASM_PANIC_REGISTRY ??= {
    set_message(message: string) {
      lastPanic = message;
    },
  };
}

/** Loads and instantiates the wasm module once per process. */
function loadGlue(): Promise<WasmGlue> {
  glue ??= (async () => {
    installPanicRegistry();
    const mod = (await import('@prisma/schema-engine-wasm/schema_engine_bg')) as WasmGlue;
    const require = createRequire(import.meta.url);
    const pkgDir = path.dirname(require.resolve('@prisma/schema-engine-wasm/schema_engine_bg'));
    const bytes = await fs.readFile(path.join(pkgDir, 'schema_engine_bg.wasm'));
    const { instance } = await WebAssembly.instantiate(bytes, {
      './schema_engine_bg.js': mod as unknown as WebAssembly.ModuleImports,
    });
    mod.__wbg_set_wasm(instance.exports);
    (instance.exports.__wbindgen_start as () => void)();
    return mod;
  })();
  glue.catch(() => {
    glue = null;
  });
  return glue;
}

export const NO_FILTER: SchemaFilter = { externalTables: [], externalEnums: [] };

export interface EngineSession {
  engine: SchemaEngine;
  /** Releases the wasm instance, closes the pool and drops leftover shadow databases. */
  close(): Promise<void>;
}

/**
 * Opens a schema engine connected to `databaseUrl`.
 * `schema` (the Prisma schema files) is only needed by commands that read the datasource from it.
 */
export async function openSchemaEngine(
  databaseUrl: string,
  opts: { schema?: SchemasContainer; log?: (msg: string) => void } = {},
): Promise<EngineSession> {
  const { SchemaEngine } = await loadGlue();
  const log = (msg: string) => opts.log?.(`[schema-engine] ${msg}`);
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 2, Client: CharAsTextClient });
  pool.on('error', (err) => log(`idle connection error: ${err.message}`));
  const shadowDbs = new Set<string>();
  const adapter = bindMigrationAwareSqlAdapterFactory(adapterFactory(databaseUrl, pool, shadowDbs, log));
  const datamodels = opts.schema?.files.length
    ? opts.schema.files.map((f) => [f.path, f.content] as [string, string])
    : undefined;
  let engine: SchemaEngine;
  try {
    engine = await SchemaEngine.new({ datamodels }, log, adapter);
  } catch (err) {
    await pool.end().catch(() => {});
    throw normaliseEngineError(err);
  }
  let closed = false;
  return {
    engine,
    async close() {
      if (closed) return;
      closed = true;
      engine.free();
      await pool.end().catch(() => {});
      // Backstop: shadow databases the engine did not dispose of (e.g. after an error).
      for (const name of [...shadowDbs]) await dropShadowDb(databaseUrl, name, shadowDbs).catch(() => {});
    },
  };
}

/** Runs an engine command, turning driver errors captured by the adapter into real errors. */
export async function runEngine<T>(session: EngineSession, fn: (engine: SchemaEngine) => Promise<T>): Promise<T> {
  try {
    return await fn(session.engine);
  } catch (err) {
    throw normaliseEngineError(err);
  }
}

function normaliseEngineError(err: unknown): Error {
  if (err instanceof WebAssembly.RuntimeError && lastPanic) {
    const panic = new Error(`schema engine panicked: ${lastPanic}`, { cause: err });
    lastPanic = null;
    return panic;
  }
  if (err instanceof Error) {
    const e = err as Error & { code?: string; meta?: unknown };
    if (e.code && !e.message.includes(e.code)) e.message = `${e.code}: ${e.message}`;
    return e;
  }
  return new Error(typeof err === 'string' ? err : JSON.stringify(err));
}

/**
 * Reads a migrations directory exactly as the Prisma CLI does (`migration_lock.toml` + every
 * sub-directory's `migration.sql`, sorted by directory name).
 */
export async function readMigrationsList(migrationsDir: string, shadowDbInitScript = ''): Promise<MigrationList> {
  const baseDir = path.resolve(migrationsDir);
  const lockfilePath = 'migration_lock.toml';
  const lockContent = await fs.readFile(path.join(baseDir, lockfilePath), 'utf8').catch(() => null);
  let entries: import('node:fs').Dirent[] = [];
  try {
    entries = await fs.readdir(baseDir, { withFileTypes: true });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  const migrationDirectories = await Promise.all(
    entries
      .filter((e) => e.isDirectory())
      .map(async (e) => {
        const file = 'migration.sql';
        const content = await fs
          .readFile(path.join(baseDir, e.name, file), 'utf8')
          .then((value) => ({ tag: 'ok' as const, value }))
          .catch((err: Error) => ({ tag: 'error' as const, value: err.message }));
        return { path: e.name, migrationFile: { path: file, content } };
      }),
  );
  migrationDirectories.sort((a, b) => a.path.localeCompare(b.path));
  return {
    baseDir,
    lockfile: { path: lockfilePath, content: lockContent },
    shadowDbInitScript,
    migrationDirectories,
  };
}

/** Loads Prisma schema file(s): a single .prisma file, or a folder of them (multi-file schema). */
export async function readPrismaSchema(schemaPath: string): Promise<SchemasContainer> {
  const abs = path.resolve(schemaPath);
  const st = await fs.stat(abs);
  const files = st.isDirectory()
    ? (await fs.readdir(abs, { recursive: true }))
        .map(String)
        .filter((f) => f.endsWith('.prisma'))
        .sort()
        .map((f) => path.join(abs, f))
    : [abs];
  return {
    files: await Promise.all(files.map(async (f) => ({ path: f, content: await fs.readFile(f, 'utf8') }))),
  };
}
