import "server-only";
import { Prisma } from "../generated/prisma/client";
import { JSON_RPC_ERROR_NAMES } from "./error-type";

// deriveErrorType (error-type.ts) as a SQL expression over alias e: the facet counts and the errorType
// filter group and match on exactly what the explorer's column shows. Names come from the closed table in
// error-type.ts and are bound as parameters.

const jsonRpcCases = Prisma.join(
  Object.entries(JSON_RPC_ERROR_NAMES).map(([code, name]) => Prisma.sql`WHEN ${code} THEN ${name}`),
  " ",
);

export const ERROR_TYPE_SQL = Prisma.sql`(CASE
  WHEN nullif(btrim(e.error_type), '') IS NOT NULL THEN (CASE btrim(e.error_type) ${jsonRpcCases} ELSE btrim(e.error_type) END)
  WHEN e.status = 'ok' THEN NULL
  WHEN e.status IN ('timeout', 'blocked', 'denied') THEN e.status
  ELSE 'unknown_error' END)`;
