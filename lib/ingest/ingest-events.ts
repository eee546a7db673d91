import "server-only";
import type { PoolClient } from "pg";
import { pool } from "../db";
import { log } from "../log";
import { applyEventSpend, type SpendEvent } from "../budgets/apply-event-spend";
import { LATENCY_BUCKET_UPPER_BOUNDS_MS } from "../metrics/latency-buckets";
import { ensureEventPartitions, forgetEventPartitions, utcDay } from "./event-partitions";
import type { ValidatedEvent } from "./validate-event-batch";

// The write path: one set-based, idempotent statement per batch. The INSERT … ON CONFLICT DO NOTHING
// returns only the rows really inserted; every rollup is updated from that RETURNING set in the same
// statement, so a re-sent batch inserts nothing and adds nothing. Rows are inserted and rollups updated
// in primary-key order so concurrent batches lock in the same order (deadlocks are still retried).

const LAT = Array.from({ length: LATENCY_BUCKET_UPPER_BOUNDS_MS.length + 1 }, (_, i) => i);
const latCols = LAT.map((i) => `lat_${i}`).join(", ");
const latSums = LAT.map((i) => `count(*) FILTER (WHERE lb = ${i})`).join(", ");
const latUpdates = LAT.map((i) => `lat_${i} = r.lat_${i} + excluded.lat_${i}`).join(", ");

const measures = (alias: string) => `
      count(*), count(*) FILTER (WHERE status = 'error'), count(*) FILTER (WHERE status = 'blocked'),
      count(*) FILTER (WHERE status = 'timeout'), count(*) FILTER (WHERE status = 'denied'),
      count(*) FILTER (WHERE cardinality(risk_flags) > 0),
      coalesce(sum(cost_usd), 0), coalesce(sum(input_tokens), 0), coalesce(sum(output_tokens), 0),
      coalesce(sum(duration_ms), 0), count(duration_ms), ${latSums}
    FROM ${alias}`;

const measureUpdates = `calls = r.calls + excluded.calls, errors = r.errors + excluded.errors,
      blocked = r.blocked + excluded.blocked, timeouts = r.timeouts + excluded.timeouts,
      denied = r.denied + excluded.denied, flagged = r.flagged + excluded.flagged,
      cost_usd = r.cost_usd + excluded.cost_usd, input_tokens = r.input_tokens + excluded.input_tokens,
      output_tokens = r.output_tokens + excluded.output_tokens, duration_sum = r.duration_sum + excluded.duration_sum,
      duration_n = r.duration_n + excluded.duration_n, ${latUpdates}`;

const timeRollup = (table: string, unit: "minute" | "hour") => `
  ${table.replace("rollup_", "r_")} AS (
    INSERT INTO ${table} AS r (bucket, gateway_id, server, tool, team, calls, errors, blocked, timeouts, denied, flagged,
      cost_usd, input_tokens, output_tokens, duration_sum, duration_n, ${latCols})
    SELECT date_trunc('${unit}', ts, 'UTC'), $21::uuid, server, tool, coalesce(team, ''), ${measures("lat")}
    GROUP BY 1, 3, 4, 5 ORDER BY 1, 3, 4, 5
    ON CONFLICT (bucket, gateway_id, server, tool, team) DO UPDATE SET ${measureUpdates}
    RETURNING 1
  )`;

export const INGEST_SQL = `
WITH input AS (
  SELECT * FROM unnest($1::uuid[], $2::timestamptz[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[],
    $8::text[], $9::text[], $10::text[], $11::text[], $12::int[], $13::numeric[], $14::int[], $15::int[], $16::text[],
    $17::text[], $18::text[], $19::uuid[], $20::uuid[])
    AS t(id, ts, user_id, team, agent, session_id, trace_id, server, tool, status, error_type, duration_ms, cost_usd,
      input_tokens, output_tokens, risk_flags, params, result_summary, approval_id, reservation_id)
),
ins AS (
  INSERT INTO events (id, ts, gateway_id, user_id, team, agent, session_id, trace_id, server, tool, status, error_type,
    duration_ms, cost_usd, input_tokens, output_tokens, risk_flags, params, result_summary, approval_id, reservation_id)
  SELECT id, ts, $21::uuid, user_id, team, agent, session_id, trace_id, server, tool, status, error_type,
    duration_ms, cost_usd, input_tokens, output_tokens, risk_flags::text[], params::jsonb, result_summary, approval_id, reservation_id
  FROM input
  ORDER BY id, ts
  ON CONFLICT DO NOTHING
  RETURNING id, ts, user_id, team, server, tool, status, duration_ms, cost_usd, input_tokens, output_tokens, risk_flags, reservation_id
),
lat AS (
  SELECT *, width_bucket(duration_ms - 1, $22::int[]) AS lb FROM ins
),
${timeRollup("rollup_minute", "minute")},
${timeRollup("rollup_hour", "hour")},
r_user_day AS (
  INSERT INTO rollup_user_day AS r (day, user_id, team, gateway_id, calls, errors, blocked, flagged, cost_usd, input_tokens, output_tokens)
  SELECT (ts AT TIME ZONE 'UTC')::date, user_id, coalesce(team, ''), $21::uuid,
    count(*), count(*) FILTER (WHERE status = 'error'), count(*) FILTER (WHERE status = 'blocked'),
    count(*) FILTER (WHERE cardinality(risk_flags) > 0), coalesce(sum(cost_usd), 0),
    coalesce(sum(input_tokens), 0), coalesce(sum(output_tokens), 0)
  FROM ins
  GROUP BY 1, 2, 3 ORDER BY 1, 2, 3
  ON CONFLICT (day, user_id, team, gateway_id) DO UPDATE SET
    calls = r.calls + excluded.calls, errors = r.errors + excluded.errors, blocked = r.blocked + excluded.blocked,
    flagged = r.flagged + excluded.flagged, cost_usd = r.cost_usd + excluded.cost_usd,
    input_tokens = r.input_tokens + excluded.input_tokens, output_tokens = r.output_tokens + excluded.output_tokens
  RETURNING 1
),
r_flag_minute AS (
  INSERT INTO rollup_flag_minute AS r (bucket, gateway_id, tool, flag, calls)
  SELECT date_trunc('minute', ts, 'UTC'), $21::uuid, tool, flag, count(*)
  FROM ins, unnest(risk_flags) AS flag
  GROUP BY 1, 3, 4 ORDER BY 1, 3, 4
  ON CONFLICT (bucket, gateway_id, tool, flag) DO UPDATE SET calls = r.calls + excluded.calls
  RETURNING 1
)
SELECT
  (SELECT count(*) FROM ins)::int AS inserted,
  (SELECT coalesce(json_agg(json_build_object(
      'id', id, 'ts', ts, 'userId', user_id, 'team', team, 'server', server, 'tool', tool,
      'costUsd', cost_usd::text, 'reservationId', reservation_id)), '[]'::json)
   FROM ins WHERE cost_usd IS NOT NULL OR reservation_id IS NOT NULL) AS spend`;

export interface IngestResult {
  accepted: number;
  duplicates: number;
}

/** A Postgres array literal of plain strings: {"a","b"}. */
export function textArrayLiteral(values: readonly string[]): string {
  return `{${values.map((v) => `"${v.replace(/\\/g, "\\\\").replace(/"/g, '\\"')}"`).join(",")}}`;
}

/** Column arrays for INGEST_SQL ($1 … $20), in the batch's order. */
export function toColumns(events: readonly ValidatedEvent[]): unknown[] {
  const n = events.length;
  const cols: unknown[][] = Array.from({ length: 20 }, () => new Array(n));
  for (let i = 0; i < n; i++) {
    const e = events[i];
    cols[0][i] = e.id;
    cols[1][i] = e.timestamp;
    cols[2][i] = e.userId;
    cols[3][i] = e.team ?? null;
    cols[4][i] = e.agent ?? null;
    cols[5][i] = e.sessionId ?? null;
    cols[6][i] = e.traceId ?? null;
    cols[7][i] = e.server;
    cols[8][i] = e.tool;
    cols[9][i] = e.status;
    cols[10][i] = e.errorType ?? null;
    cols[11][i] = e.durationMs ?? null;
    cols[12][i] = e.costUsd === undefined || e.costUsd === null ? null : String(e.costUsd);
    cols[13][i] = e.inputTokens ?? null;
    cols[14][i] = e.outputTokens ?? null;
    cols[15][i] = textArrayLiteral(e.riskFlags ?? []);
    cols[16][i] = e.params === undefined || e.params === null ? null : JSON.stringify(e.params);
    cols[17][i] = e.resultSummary ?? null;
    cols[18][i] = e.approvalId ?? null;
    cols[19][i] = e.reservationId ?? null;
  }
  return cols;
}

const RETRYABLE = new Set(["40P01", "40001"]);
const NO_PARTITION = "23514";
const MAX_ATTEMPTS = 5;

/**
 * Stores a validated batch for one gateway, exactly once per (id, timestamp), with its rollups and spend
 * settlement (budgets' applyEventSpend) in one transaction. Returns how many were new.
 */
export async function ingestEvents(opts: { gatewayId: string; events: readonly ValidatedEvent[] }): Promise<IngestResult> {
  const { gatewayId, events } = opts;
  if (!events.length) return { accepted: 0, duplicates: 0 };
  const values = [...toColumns(events), gatewayId, LATENCY_BUCKET_UPPER_BOUNDS_MS];
  const days = new Set(events.map((e) => utcDay(e.tsMs)));
  const client = await pool().connect();
  let broken = false;
  try {
    await ensureEventPartitions(days, client);
    for (let attempt = 1; ; attempt++) {
      try {
        await client.query("BEGIN");
        const { rows } = await client.query<{ inserted: number; spend: (Omit<SpendEvent, "ts" | "gatewayId"> & { ts: string })[] }>({
          name: "warden_ingest_events",
          text: INGEST_SQL,
          values,
        });
        const { inserted, spend } = rows[0];
        if (spend.length) {
          await applyEventSpend(
            client,
            spend.map((s) => ({ ...s, ts: new Date(s.ts), gatewayId })),
          );
        }
        await client.query("COMMIT");
        return { accepted: inserted, duplicates: events.length - inserted };
      } catch (err) {
        await client.query("ROLLBACK").catch(() => {
          broken = true;
        });
        if (broken) throw err;
        const code = (err as { code?: string }).code;
        if (attempt < MAX_ATTEMPTS && code && RETRYABLE.has(code)) {
          log.debug({ code, attempt }, "ingest: retrying after a serialization failure");
          await new Promise((r) => setTimeout(r, 5 + Math.random() * 20 * attempt));
          continue;
        }
        if (attempt < MAX_ATTEMPTS && code === NO_PARTITION && /partition/i.test((err as Error).message)) {
          // A partition this process believed in is gone (dropped elsewhere) or was never made.
          forgetEventPartitions();
          await ensureEventPartitions(days, client);
          continue;
        }
        throw err;
      }
    }
  } finally {
    client.release(broken ? true : undefined);
  }
}
