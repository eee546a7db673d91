import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { PrismaClient } from "./generated/prisma/client";
import { log } from "./log";

// One pg pool per process, shared by Prisma (through the driver adapter) and by the few hot paths that
// speak SQL directly (ingest, long-poll LISTEN). Kept on globalThis because Next bundles route code
// separately from server.ts, and both must see the same pool.
const g = globalThis as unknown as { __wardenPool?: pg.Pool; __wardenPrisma?: PrismaClient };

// NUMERIC comes back as string (exact money), BIGINT as number when safe.
pg.types.setTypeParser(20, (v) => {
  const n = Number(v);
  return Number.isSafeInteger(n) ? n : v;
});

function databaseUrl(): string {
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error("DATABASE_URL is not set: start Warden with server.ts, which starts the embedded Postgres");
  return url;
}

export function pool(): pg.Pool {
  if (g.__wardenPool) return g.__wardenPool;
  g.__wardenPool = new pg.Pool({
    connectionString: databaseUrl(),
    max: Number(process.env.WARDEN_DB_POOL ?? 20),
    idleTimeoutMillis: 30_000,
    connectionTimeoutMillis: 5_000,
  });
  // An idle client losing its connection (database restart) must not crash the process. Attached once,
  // when the pool is created (pool() runs on every request).
  g.__wardenPool.on("error", (err) => log.warn({ err: err.message }, "idle database connection lost"));
  // A client checked out for long (a LISTEN connection, e.g. socket.io's adapter) that loses its server
  // (57P01 on a Postgres restart, "Connection terminated unexpectedly") emits 'error' while no query is
  // running: without a listener that is an uncaught exception. Its owner sees the 'end' and reconnects.
  g.__wardenPool.on("connect", (client) => {
    client.on("error", (err) => log.warn({ err: err.message }, "database connection lost"));
  });
  return g.__wardenPool;
}

export function db(): PrismaClient {
  g.__wardenPrisma ??= new PrismaClient({ adapter: new PrismaPg(pool()) });
  return g.__wardenPrisma;
}

export async function closeDb(): Promise<void> {
  await g.__wardenPrisma?.$disconnect();
  await g.__wardenPool?.end();
  g.__wardenPrisma = undefined;
  g.__wardenPool = undefined;
}
