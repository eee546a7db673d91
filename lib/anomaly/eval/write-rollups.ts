// Writes synthetic traffic straight into the rollup tables (what the ingest statement would have written),
// for the anomaly evaluation and the detector benchmark. Parameterized, set-based statements.
import type { Pool, PoolClient } from "pg";
import type { MinuteRow, SyntheticCall } from "./synthetic-world";

type Q = Pool | PoolClient;

const LAT = Array.from({ length: 12 }, (_, i) => i);
const latCols = LAT.map((i) => `lat_${i}`).join(", ");
const latParams = (offset: number) => LAT.map((i) => `$${offset + i}::int[]`).join(", ");
const latUpdates = LAT.map((i) => `lat_${i} = r.lat_${i} + excluded.lat_${i}`).join(", ");

function timeRollupSql(table: "rollup_minute" | "rollup_hour", upsert: boolean): string {
  return `INSERT INTO ${table} AS r (bucket, gateway_id, server, tool, team, calls, errors, flagged, cost_usd, duration_sum, duration_n, ${latCols})
    SELECT * FROM unnest($1::timestamptz[], $2::uuid[], $3::text[], $4::text[], $5::text[], $6::int[], $7::int[], $8::int[], $9::numeric[],
      $10::bigint[], $11::int[], ${latParams(12)})
    ${upsert ? `ON CONFLICT (bucket, gateway_id, server, tool, team) DO UPDATE SET calls = r.calls + excluded.calls, errors = r.errors + excluded.errors,
      flagged = r.flagged + excluded.flagged, cost_usd = r.cost_usd + excluded.cost_usd, duration_sum = r.duration_sum + excluded.duration_sum,
      duration_n = r.duration_n + excluded.duration_n, ${latUpdates}` : ""}`;
}

const SQL = {
  minute: timeRollupSql("rollup_minute", true),
  hour: timeRollupSql("rollup_hour", true),
};

export interface BucketRow extends MinuteRow {
  bucket: Date;
}

export async function writeTimeRollup(q: Q, table: "minute" | "hour", rows: BucketRow[]): Promise<void> {
  if (!rows.length) return;
  const cols: unknown[][] = Array.from({ length: 11 + 12 }, () => []);
  for (const r of rows) {
    cols[0].push(r.bucket);
    cols[1].push(r.gatewayId);
    cols[2].push(r.server);
    cols[3].push(r.tool);
    cols[4].push(r.team);
    cols[5].push(r.calls);
    cols[6].push(r.errors);
    cols[7].push(r.flagged);
    cols[8].push(r.costUsd.toFixed(6));
    cols[9].push(r.durationSum);
    cols[10].push(r.calls);
    for (const i of LAT) cols[11 + i].push(r.lat[i]);
  }
  await q.query(table === "minute" ? SQL.minute : SQL.hour, cols);
}

export interface UserDayRow {
  day: string;
  userId: string;
  team: string;
  gatewayId: string;
  calls: number;
  errors: number;
  flagged: number;
  costUsd: number;
}

export async function writeUserDays(q: Q, rows: UserDayRow[]): Promise<void> {
  if (!rows.length) return;
  await q.query(
    `INSERT INTO rollup_user_day AS r (day, user_id, team, gateway_id, calls, errors, flagged, cost_usd)
     SELECT * FROM unnest($1::date[], $2::text[], $3::text[], $4::uuid[], $5::int[], $6::int[], $7::int[], $8::numeric[])
     ON CONFLICT (day, user_id, team, gateway_id) DO UPDATE SET calls = r.calls + excluded.calls, errors = r.errors + excluded.errors,
       flagged = r.flagged + excluded.flagged, cost_usd = r.cost_usd + excluded.cost_usd`,
    [rows.map((r) => r.day), rows.map((r) => r.userId), rows.map((r) => r.team), rows.map((r) => r.gatewayId), rows.map((r) => r.calls), rows.map((r) => r.errors), rows.map((r) => r.flagged), rows.map((r) => r.costUsd.toFixed(6))],
  );
}

export interface FlagRow {
  bucket: Date;
  gatewayId: string;
  tool: string;
  flag: string;
  calls: number;
}

export async function writeFlags(q: Q, rows: FlagRow[]): Promise<void> {
  if (!rows.length) return;
  await q.query(
    `INSERT INTO rollup_flag_minute AS r (bucket, gateway_id, tool, flag, calls)
     SELECT * FROM unnest($1::timestamptz[], $2::uuid[], $3::text[], $4::text[], $5::int[])
     ON CONFLICT (bucket, gateway_id, tool, flag) DO UPDATE SET calls = r.calls + excluded.calls`,
    [rows.map((r) => r.bucket), rows.map((r) => r.gatewayId), rows.map((r) => r.tool), rows.map((r) => r.flag), rows.map((r) => r.calls)],
  );
}

/** Raw events, as ingest stores them beside the rollups (params, flags), received when they happened. */
export async function writeEvents(q: Q, calls: (SyntheticCall & { id: string; ts: Date })[]): Promise<void> {
  if (!calls.length) return;
  await q.query(
    `INSERT INTO events (id, ts, received_at, gateway_id, user_id, team, server, tool, status, duration_ms, cost_usd, risk_flags, params)
     SELECT id, ts, ts, g, u, team, s, t, st, d, c, coalesce(f::text[], '{}'::text[]), p::jsonb
     FROM unnest($1::uuid[], $2::timestamptz[], $3::uuid[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::int[], $10::numeric[], $11::text[], $12::text[])
       AS x(id, ts, g, u, team, s, t, st, d, c, p, f)`,
    [
      calls.map((c) => c.id),
      calls.map((c) => c.ts),
      calls.map((c) => c.gatewayId),
      calls.map((c) => c.userId),
      calls.map((c) => c.team),
      calls.map((c) => c.server),
      calls.map((c) => c.tool),
      calls.map((c) => (c.error ? "error" : "ok")),
      calls.map((c) => c.durationMs),
      calls.map((c) => c.costUsd.toFixed(6)),
      calls.map((c) => JSON.stringify(c.params ?? null)),
      calls.map((c) => `{${c.flags.join(",")}}`),
    ],
  );
}
