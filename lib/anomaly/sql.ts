import type { Prisma } from "../generated/prisma/client";

// The detector runs in one transaction on one pg connection: Prisma's per-query overhead (≈1 ms here,
// ×20 queries a minute) would dominate its runtime. Queries are still Prisma.sql tagged templates —
// values always travel as parameters; `.text` is the same statement with $1…$n placeholders.

export interface Queryable {
  query: (text: string, values?: unknown[]) => Promise<{ rows: any[]; rowCount: number | null }>;
}

export async function rows<T>(q: Queryable, sql: Prisma.Sql): Promise<T[]> {
  return (await q.query(sql.text, sql.values)).rows as T[];
}

export async function execute(q: Queryable, sql: Prisma.Sql): Promise<number> {
  return (await q.query(sql.text, sql.values)).rowCount ?? 0;
}
