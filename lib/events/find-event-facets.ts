import "server-only";
import { Prisma } from "../generated/prisma/client";
import { queryRows } from "../metrics/rollup-sql";
import { ERROR_TYPE_SQL } from "./error-type-sql";
import { eventConditions, eventRange } from "./event-conditions";
import { FACET_KEYS, type EventFacets, type EventFacetsQuery, type FacetKey } from "./schema";

/** Facet counts are taken from at most this many matching events (the newest): bounded work on any range. */
export const FACET_CAP = 100_000;

const COLUMN: Record<Exclude<FacetKey, "flag">, Prisma.Sql> = {
  tool: Prisma.sql`e.tool`,
  server: Prisma.sql`e.server`,
  status: Prisma.sql`e.status`,
  errorType: ERROR_TYPE_SQL,
  user: Prisma.sql`e.user_id`,
};

/**
 * Counts by tool, server, status, error type, user and risk flag of the events matching the explorer's
 * filters (each facet: one grouped query, top `limit` values). Each query reads the same newest FACET_CAP
 * matching rows (the (ts, id) index in order, stopping at the cap), so a huge range costs a bounded scan;
 * when more events match, the response says the counts are of that sample.
 */
export async function findEventFacets(q: EventFacetsQuery, now = new Date()): Promise<EventFacets> {
  const range = eventRange(q, now);
  const asOf = q.asOf ? new Date(q.asOf) : now;
  const where = eventConditions(q, range, asOf);
  const sample = (cols: Prisma.Sql, cap = FACET_CAP) => Prisma.sql`(SELECT ${cols} FROM events e WHERE ${where} ORDER BY e.ts DESC, e.id DESC LIMIT ${cap}) s`;

  const grouped = (key: FacetKey) =>
    key === "flag"
      ? Prisma.sql`SELECT f AS value, count(*)::int AS count FROM ${sample(Prisma.sql`e.risk_flags`)} CROSS JOIN LATERAL unnest(s.risk_flags) f
          GROUP BY f ORDER BY count(*) DESC, f LIMIT ${q.limit}`
      : Prisma.sql`SELECT s.v AS value, count(*)::int AS count FROM ${sample(Prisma.sql`${COLUMN[key]} AS v`)}
          GROUP BY s.v ORDER BY count(*) DESC, s.v NULLS LAST LIMIT ${q.limit}`;

  const [scannedRows, ...lists] = await Promise.all([
    queryRows<{ n: number }>(Prisma.sql`SELECT count(*)::int AS n FROM ${sample(Prisma.sql`1`, FACET_CAP + 1)}`),
    ...FACET_KEYS.map((k) => queryRows<{ value: string | null; count: number }>(grouped(k))),
  ]);
  const n = scannedRows[0]?.n ?? 0;
  const facets = Object.fromEntries(FACET_KEYS.map((k, i) => [k, lists[i]])) as EventFacets["facets"];
  return { facets, scanned: Math.min(n, FACET_CAP), sampled: n > FACET_CAP, cap: FACET_CAP };
}
