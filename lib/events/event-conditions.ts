import "server-only";
import { Prisma } from "../generated/prisma/client";
import { ApiError } from "../http/errors";
import { MAX_RANGE_SECONDS, PRESET_SECONDS } from "../metrics/time-window";
import { ERROR_TYPE_SQL } from "./error-type-sql";
import { containsPattern } from "./like-pattern";
import type { EventsFilter } from "./schema";

/** The explorer's time range: a preset ending now, or the custom [from, to). */
export function eventRange(f: EventsFilter, now = new Date()): { from: Date; to: Date } {
  if (f.range !== "custom") return { from: new Date(now.getTime() - PRESET_SECONDS[f.range] * 1000), to: now };
  if (!f.from || !f.to) throw new ApiError("invalid_request", "A custom range needs both from and to.", { issues: [{ path: "from", message: "required" }] });
  const from = new Date(f.from);
  const to = new Date(f.to);
  if (to <= from) throw new ApiError("invalid_request", "from must be before to.", { issues: [{ path: "from", message: "must be before to" }] });
  if (to.getTime() - from.getTime() > MAX_RANGE_SECONDS * 1000) throw new ApiError("invalid_request", "The range is longer than 400 days.");
  return { from, to };
}

/**
 * WHERE conditions (on alias e) of the explorer's filters. The time range always bounds `ts`, so only the
 * partitions of those days are read. Free text is one ILIKE pattern with %, _ and \ escaped, as a parameter.
 */
export function eventConditions(f: EventsFilter, range: { from: Date; to: Date }, asOf: Date): Prisma.Sql {
  const c: Prisma.Sql[] = [
    Prisma.sql`e.ts >= ${range.from.toISOString()}::timestamptz`,
    Prisma.sql`e.ts < ${range.to.toISOString()}::timestamptz`,
    Prisma.sql`e.received_at <= ${asOf.toISOString()}::timestamptz`,
  ];
  if (f.gateway) c.push(Prisma.sql`e.gateway_id = ${f.gateway}::uuid`);
  if (f.server) c.push(Prisma.sql`e.server = ${f.server}`);
  if (f.tool) c.push(Prisma.sql`e.tool = ${f.tool}`);
  if (f.team) c.push(Prisma.sql`e.team = ${f.team}`);
  if (f.user) c.push(Prisma.sql`e.user_id = ${f.user}`);
  if (f.status) c.push(Prisma.sql`e.status = ${f.status}`);
  if (f.flag) c.push(Prisma.sql`e.risk_flags @> ARRAY[${f.flag}]::text[]`);
  if (f.errorType) c.push(Prisma.sql`${ERROR_TYPE_SQL} = ${f.errorType}`);
  if (f.q) {
    const p = containsPattern(f.q);
    c.push(
      Prisma.sql`(e.tool ILIKE ${p} ESCAPE '\\' OR e.server ILIKE ${p} ESCAPE '\\' OR e.user_id ILIKE ${p} ESCAPE '\\' OR e.error_type ILIKE ${p} ESCAPE '\\')`,
    );
  }
  return Prisma.join(c, " AND ");
}

/** Columns of a list row (no params or result: those are in the detail). */
export const SUMMARY_COLUMNS = Prisma.sql`e.id::text AS id, e.ts, e.gateway_id::text AS "gatewayId", e.user_id AS "userId", e.team, e.server, e.tool,
  e.status, e.error_type AS "errorType", e.duration_ms AS "durationMs", e.cost_usd::text AS "costUsd",
  coalesce(e.risk_flags, '{}') AS "riskFlags"`;
