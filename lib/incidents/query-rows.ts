import "server-only";
import type { Prisma } from "../generated/prisma/client";
import { rows, type Queryable } from "../anomaly/sql";

/** A Prisma transaction (raiseAlert's callers) or a pg connection (the detector's run). */
export type IncidentQueryable = Queryable | Prisma.TransactionClient;

/** Runs one Prisma.sql tagged template (values always travel as parameters) on either kind of connection. */
export async function queryRows<T>(q: IncidentQueryable, sql: Prisma.Sql): Promise<T[]> {
  return "$queryRaw" in q ? q.$queryRaw<T[]>(sql) : rows<T>(q, sql);
}
