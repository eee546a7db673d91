import "server-only";
import type { Pool, PoolClient } from "pg";
import { Prisma } from "../generated/prisma/client";
import { pool } from "../db";
import { LATENCY_BUCKET_UPPER_BOUNDS_MS } from "./latency-buckets";

// Recomputes the rollups of whole UTC days from the events themselves, with the same definitions as
// the ingest statement (lib/ingest/ingest-events.ts): buckets truncated in UTC, team NULL → '', errors =
// status 'error', flagged = any risk flag, latency bucket = first upper bound ≥ duration, durations and
// costs summed over the rows that have them. Used by the query benchmark to build the rollups of
// generated events set-based, and as a repair tool; tests/metrics/rebuild-rollups.test.ts proves that it
// reproduces what ingest maintains. Only meaningful while the events of those days are retained.

const DAY = 86_400_000;

const latencyCounts = Prisma.join(
  Array.from({ length: LATENCY_BUCKET_UPPER_BOUNDS_MS.length + 1 }, (_, i) => Prisma.sql`count(*) FILTER (WHERE lb = ${i})`),
  ", ",
);

const measures = Prisma.sql`count(*), count(*) FILTER (WHERE status = 'error'), count(*) FILTER (WHERE status = 'blocked'),
  count(*) FILTER (WHERE status = 'timeout'), count(*) FILTER (WHERE status = 'denied'),
  count(*) FILTER (WHERE cardinality(risk_flags) > 0),
  coalesce(sum(cost_usd), 0), coalesce(sum(input_tokens), 0), coalesce(sum(output_tokens), 0),
  coalesce(sum(duration_ms), 0), count(duration_ms), ${latencyCounts}`;

const latColumns = Prisma.sql`lat_0, lat_1, lat_2, lat_3, lat_4, lat_5, lat_6, lat_7, lat_8, lat_9, lat_10, lat_11`;

export interface RebuildRollupsOptions {
  /** UTC midnight (inclusive). */
  from: Date;
  /** UTC midnight (exclusive). */
  to: Date;
  /** Only this gateway's rows (default: all gateways). */
  gatewayId?: string;
}

async function run(client: Pool | PoolClient, sql: Prisma.Sql) {
  await client.query(sql.text, sql.values as unknown[]);
}

/** Deletes and recomputes every rollup (minute, hour, day, user-day, flag minute and day) for [from, to). */
export async function rebuildRollups(opts: RebuildRollupsOptions): Promise<void> {
  if (opts.from.getTime() % DAY !== 0 || opts.to.getTime() % DAY !== 0 || opts.to <= opts.from) {
    throw new Error("rebuildRollups works on whole UTC days: from and to must be UTC midnights, from < to");
  }
  const from = opts.from.toISOString();
  const to = opts.to.toISOString();
  const gw = opts.gatewayId ? Prisma.sql` AND gateway_id = ${opts.gatewayId}::uuid` : Prisma.empty;
  const inRange = Prisma.sql`ts >= ${from}::timestamptz AND ts < ${to}::timestamptz${gw}`;
  const bucketRange = Prisma.sql`bucket >= ${from}::timestamptz AND bucket < ${to}::timestamptz${gw}`;
  const events = Prisma.sql`(SELECT *, width_bucket(duration_ms - 1, ${[...LATENCY_BUCKET_UPPER_BOUNDS_MS]}::int[]) AS lb FROM events WHERE ${inRange}) e`;
  const client = await pool().connect();
  try {
    await client.query("BEGIN");
    for (const [table, unit] of [
      [Prisma.sql`rollup_minute`, "minute"],
      [Prisma.sql`rollup_hour`, "hour"],
      [Prisma.sql`rollup_day`, "day"],
    ] as const) {
      await run(client, Prisma.sql`DELETE FROM ${table} WHERE ${bucketRange}`);
      await run(
        client,
        Prisma.sql`INSERT INTO ${table} (bucket, gateway_id, server, tool, team, calls, errors, blocked, timeouts, denied, flagged,
            cost_usd, input_tokens, output_tokens, duration_sum, duration_n, ${latColumns})
          SELECT date_trunc(${unit}, ts, 'UTC'), gateway_id, server, tool, coalesce(team, ''), ${measures}
          FROM ${events}
          GROUP BY 1, 2, 3, 4, 5`,
      );
    }
    await run(client, Prisma.sql`DELETE FROM rollup_user_day WHERE day >= ${from.slice(0, 10)}::date AND day < ${to.slice(0, 10)}::date${gw}`);
    await run(
      client,
      Prisma.sql`INSERT INTO rollup_user_day (day, user_id, team, gateway_id, calls, errors, blocked, flagged, cost_usd, input_tokens, output_tokens)
        SELECT (ts AT TIME ZONE 'UTC')::date, user_id, coalesce(team, ''), gateway_id,
          count(*), count(*) FILTER (WHERE status = 'error'), count(*) FILTER (WHERE status = 'blocked'),
          count(*) FILTER (WHERE cardinality(risk_flags) > 0), coalesce(sum(cost_usd), 0),
          coalesce(sum(input_tokens), 0), coalesce(sum(output_tokens), 0)
        FROM events WHERE ${inRange}
        GROUP BY 1, 2, 3, 4`,
    );
    for (const [table, unit] of [
      [Prisma.sql`rollup_flag_minute`, "minute"],
      [Prisma.sql`rollup_flag_day`, "day"],
    ] as const) {
      await run(client, Prisma.sql`DELETE FROM ${table} WHERE ${bucketRange}`);
      await run(
        client,
        Prisma.sql`INSERT INTO ${table} (bucket, gateway_id, tool, flag, calls)
          SELECT date_trunc(${unit}, ts, 'UTC'), gateway_id, tool, flag, count(*)
          FROM events, unnest(risk_flags) AS flag
          WHERE ${inRange}
          GROUP BY 1, 2, 3, 4`,
      );
    }
    await client.query("COMMIT");
  } catch (err) {
    await client.query("ROLLBACK").catch(() => undefined);
    throw err;
  } finally {
    client.release();
  }
}
