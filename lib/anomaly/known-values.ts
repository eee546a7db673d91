import "server-only";
import { Prisma } from "../generated/prisma/client";
import { seriesKey, splitSeriesKey, type Dimension } from "./dimensions";
import { execute, rows, type Queryable } from "./sql";

// Every subject the detectors have seen, with its first sighting: a series' history starts there (its
// baseline ignores the weeks before), and a tool or server seen for the first time is a "first use".
// Cached per process; the table is the truth (another instance may have added values).

const g = globalThis as unknown as { __wardenKnown?: Map<string, number> };

export async function loadKnownValues(q: Queryable): Promise<Map<string, number>> {
  if (g.__wardenKnown) return g.__wardenKnown;
  const found = await rows<{ kind: string; value: string; t: Date }>(q, Prisma.sql`SELECT kind, value, first_seen_at AS t FROM anomaly_known_values`);
  const map = new Map<string, number>();
  for (const r of found) map.set(seriesKey(r.kind as Dimension, r.value), new Date(r.t).getTime());
  g.__wardenKnown = map;
  return map;
}

export function clearKnownValuesCache(): void {
  g.__wardenKnown = undefined;
}

/** Seeds the table from the rollups already stored (first detector run on an existing database). */
export async function bootstrapKnownValues(q: Queryable): Promise<number> {
  const n = await execute(
    q,
    Prisma.sql`
    INSERT INTO anomaly_known_values (kind, value, first_seen_at)
    SELECT 'tool', tool, min(bucket) FROM rollup_hour GROUP BY tool
    UNION ALL SELECT 'server', server, min(bucket) FROM rollup_hour GROUP BY server
    UNION ALL SELECT 'team', team, min(bucket) FROM rollup_hour WHERE team <> '' GROUP BY team
    UNION ALL SELECT 'gateway', gateway_id::text, min(bucket) FROM rollup_hour GROUP BY gateway_id
    UNION ALL SELECT 'user', user_id, min(day)::timestamp AT TIME ZONE 'UTC' FROM rollup_user_day GROUP BY user_id
    ON CONFLICT DO NOTHING`,
  );
  clearKnownValuesCache();
  return n;
}

const LOOKBACK_DAYS = 8;

/**
 * Records the keys (seriesKey) not in the cache, with their first sighting: the oldest rollup of the last
 * LOOKBACK_DAYS that mentions them (a value the bootstrap missed — e.g. written while it ran — keeps its
 * history), else `seenAt`. Returns the keys seen for the first time ever (no earlier rollup). Values
 * another instance recorded first are read back into the cache.
 */
export async function recordKnownValues(q: Queryable, keys: Iterable<string>, seenAt: Date, newSince: Date = seenAt): Promise<string[]> {
  const known = await loadKnownValues(q);
  const missing = [...new Set(keys)].filter((k) => !known.has(k));
  if (!missing.length) return [];
  const parts = missing.map(splitSeriesKey);
  const since = new Date(seenAt.getTime() - LOOKBACK_DAYS * 86_400_000);
  const of = (kind: string) => parts.filter((p) => p.dimension === kind).map((p) => p.value);
  const inserted = await rows<{ kind: string; value: string; t: Date }>(
    q,
    Prisma.sql`
    WITH k AS (SELECT * FROM unnest(${parts.map((p) => p.dimension)}::text[], ${parts.map((p) => p.value)}::text[]) AS t(kind, value)),
    hist AS (
      SELECT 'tool' AS kind, tool AS value, min(bucket) AS t FROM rollup_hour WHERE bucket >= ${since} AND tool = ANY(${of("tool")}::text[]) GROUP BY tool
      UNION ALL SELECT 'server', server, min(bucket) FROM rollup_hour WHERE bucket >= ${since} AND server = ANY(${of("server")}::text[]) GROUP BY server
      UNION ALL SELECT 'team', team, min(bucket) FROM rollup_hour WHERE bucket >= ${since} AND team = ANY(${of("team")}::text[]) GROUP BY team
      UNION ALL SELECT 'gateway', gateway_id::text, min(bucket) FROM rollup_hour WHERE bucket >= ${since} AND gateway_id::text = ANY(${of("gateway")}::text[]) GROUP BY gateway_id
      UNION ALL SELECT 'user', user_id, min(day)::timestamp AT TIME ZONE 'UTC' FROM rollup_user_day WHERE day >= ${since}::date AND user_id = ANY(${of("user")}::text[]) GROUP BY user_id
    )
    INSERT INTO anomaly_known_values (kind, value, first_seen_at)
    SELECT k.kind, k.value, least(coalesce(hist.t, ${seenAt}), ${seenAt}) FROM k LEFT JOIN hist USING (kind, value)
    ON CONFLICT DO NOTHING
    RETURNING kind, value, first_seen_at AS t`,
  );
  const fresh: string[] = [];
  for (const r of inserted) {
    const key = seriesKey(r.kind as Dimension, r.value);
    const t = new Date(r.t).getTime();
    known.set(key, t);
    if (t >= newSince.getTime()) fresh.push(key);
  }
  const got = new Set(inserted.map((r) => seriesKey(r.kind as Dimension, r.value)));
  const others = parts.filter((p) => !got.has(seriesKey(p.dimension, p.value)));
  if (others.length) {
    const found = await rows<{ kind: string; value: string; t: Date }>(
      q,
      Prisma.sql`
      SELECT k.kind, k.value, k.first_seen_at AS t FROM anomaly_known_values k
      JOIN unnest(${others.map((p) => p.dimension)}::text[], ${others.map((p) => p.value)}::text[]) AS t(kind, value) USING (kind, value)`,
    );
    for (const r of found) known.set(seriesKey(r.kind as Dimension, r.value), new Date(r.t).getTime());
  }
  return fresh;
}
