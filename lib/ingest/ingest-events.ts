import "server-only";
import { pool } from "../db";
import { log } from "../log";
import { isDatabaseUnavailable } from "../http/errors";
import { applyEventSpend, looseSpendSql, type LooseSpend, type SpendEvent } from "../budgets/apply-event-spend";
import type { PeriodKind } from "../budgets/period";
import { LATENCY_BUCKET_UPPER_BOUNDS_MS } from "../metrics/latency-buckets";
import { encodeEventBatch, groupParameters, type EncodedBatch } from "./encode-event-batch";
import { ensureEventPartitions, forgetEventPartitions } from "./event-partitions";
import { getIngestRedaction } from "../settings/get-ingest-redaction";
import { redactIngestEvents } from "./redact-ingest-events";
import { APPROVAL_REUSED_FLAG } from "./schema";
import type { ValidatedEvent } from "./validate-event-batch";

// The write path: one set-based, idempotent statement per transaction. The event id is the idempotency
// key, whatever the timestamp: the statement first claims each id in `event_claims` (unpartitioned, keyed
// by id alone; events' own key is (id, ts) on day partitions) with INSERT … ON CONFLICT DO NOTHING, and
// only the claimed events are inserted into `events`; every rollup is updated from that RETURNING set in
// the same statement, so a re-sent event — same id, any timestamp — inserts nothing and adds nothing.
// Claims, rows and rollups are written in key order so concurrent writers lock in the same order
// (deadlocks are still retried). Retention deletes a partition's claims with it.
//
// Group commit: concurrent requests would all update the same hot rollup rows (this minute, this hour)
// and wait for each other's row locks and commits. Instead each process has a fixed number of writers
// (WRITERS): batches that arrive while the transactions are running are written together by the next
// one (each batch validated on its own beforehand, each caller told its own accepted/duplicates). If a
// group fails for a reason other than the database being unavailable, its batches are retried one by
// one, so one batch can never fail another.

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

const timeRollup = (table: string, unit: "minute" | "hour" | "day") => `
    INSERT INTO ${table} AS r (bucket, gateway_id, server, tool, team, calls, errors, blocked, timeouts, denied, flagged,
      cost_usd, input_tokens, output_tokens, duration_sum, duration_n, ${latCols})
    SELECT date_trunc('${unit}', ts, 'UTC'), gateway_id, server, tool, coalesce(team, ''), ${measures("lat")}
    GROUP BY 1, 2, 3, 4, 5 ORDER BY 1, 2, 3, 4, 5
    ON CONFLICT (bucket, gateway_id, server, tool, team) DO UPDATE SET ${measureUpdates}`;

const flagRollup = (table: string, unit: "minute" | "day") => `
  INSERT INTO ${table} AS r (bucket, gateway_id, tool, flag, calls)
  SELECT date_trunc('${unit}', ts, 'UTC'), gateway_id, tool, flag, count(*)
  FROM ins, unnest(risk_flags) AS flag
  GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4
  ON CONFLICT (bucket, gateway_id, tool, flag) DO UPDATE SET calls = r.calls + excluded.calls`;

const userDayRollup = `
  INSERT INTO rollup_user_day AS r (day, user_id, team, gateway_id, calls, errors, blocked, flagged, cost_usd, input_tokens, output_tokens)
  SELECT (ts AT TIME ZONE 'UTC')::date, user_id, coalesce(team, ''), gateway_id,
    count(*), count(*) FILTER (WHERE status = 'error'), count(*) FILTER (WHERE status = 'blocked'),
    count(*) FILTER (WHERE cardinality(risk_flags) > 0), coalesce(sum(cost_usd), 0),
    coalesce(sum(input_tokens), 0), coalesce(sum(output_tokens), 0)
  FROM ins
  GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4
  ON CONFLICT (day, user_id, team, gateway_id) DO UPDATE SET
    calls = r.calls + excluded.calls, errors = r.errors + excluded.errors, blocked = r.blocked + excluded.blocked,
    flagged = r.flagged + excluded.flagged, cost_usd = r.cost_usd + excluded.cost_usd,
    input_tokens = r.input_tokens + excluded.input_tokens, output_tokens = r.output_tokens + excluded.output_tokens`;

/** The rollup tables ingest keeps, each with the upsert that adds a transaction's new events to it. */
const ROLLUPS = {
  rollup_minute: timeRollup("rollup_minute", "minute"),
  rollup_hour: timeRollup("rollup_hour", "hour"),
  rollup_day: timeRollup("rollup_day", "day"),
  rollup_user_day: userDayRollup,
  rollup_flag_minute: flagRollup("rollup_flag_minute", "minute"),
  rollup_flag_day: flagRollup("rollup_flag_day", "day"),
} as const;

export type RollupTable = keyof typeof ROLLUPS;
export const ROLLUP_TABLES = Object.keys(ROLLUPS) as RollupTable[];

/**
 * The ingest statement. Warden always keeps every rollup; `rollups` exists for bench:ingest-sql, which
 * measures what each one costs.
 */
export function ingestSql(rollups: readonly RollupTable[] = ROLLUP_TABLES): string {
  const ctes = rollups.map((t) => `${t.replace("rollup_", "r_")} AS (${ROLLUPS[t]}\n    RETURNING 1\n  ),`).join("\n");
  return `
WITH input AS (
  SELECT t.*, ($24::uuid[])[t.batch] AS gateway_id
  FROM unnest($1::uuid[], $2::timestamptz[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[],
    $8::text[], $9::text[], $10::text[], $11::text[], $12::int[], $13::numeric[], $14::int[], $15::int[], $16::text[],
    $17::text[], $18::text[], $19::uuid[], $20::uuid[], $21::text[], $22::text[], $23::int[])
    AS t(id, ts, user_id, team, agent, session_id, trace_id, server, tool, status, error_type, duration_ms, cost_usd,
      input_tokens, output_tokens, risk_flags, params, result_summary, approval_id, reservation_id, decisions,
      identity_source, batch)
),
claimed AS (
  -- The first of a group naming an id (by batch) claims it; an id claimed before is a duplicate.
  INSERT INTO event_claims (id, ts)
  SELECT id, ts FROM input
  ORDER BY id, batch
  ON CONFLICT DO NOTHING
  RETURNING id, ts
),
fresh AS (
  SELECT DISTINCT ON (i.id) i.*
  FROM input i JOIN claimed c ON c.id = i.id AND c.ts = i.ts
  ORDER BY i.id, i.batch
),
approval_claimed AS (
  -- An approval runs its call once: the first stored event carrying an approval id claims it (the
  -- earliest, within a group); a later event with the same approval id is flagged approval_reused.
  INSERT INTO event_approval_claims (approval_id, event_id, ts)
  SELECT approval_id, id, ts FROM fresh WHERE approval_id IS NOT NULL
  ORDER BY approval_id, ts, id
  ON CONFLICT DO NOTHING
  RETURNING event_id
),
ins AS (
  INSERT INTO events (id, ts, gateway_id, user_id, team, agent, session_id, trace_id, server, tool, status, error_type,
    duration_ms, cost_usd, input_tokens, output_tokens, risk_flags, params, result_summary, approval_id, reservation_id,
    decisions, identity_source)
  SELECT f.id, f.ts, f.gateway_id, f.user_id, f.team, f.agent, f.session_id, f.trace_id, f.server, f.tool, f.status,
    f.error_type, f.duration_ms, f.cost_usd, f.input_tokens, f.output_tokens,
    CASE WHEN f.approval_id IS NULL OR a.event_id IS NOT NULL OR '${APPROVAL_REUSED_FLAG}' = ANY (f.risk_flags::text[])
      THEN f.risk_flags::text[] ELSE array_append(f.risk_flags::text[], '${APPROVAL_REUSED_FLAG}') END,
    f.params::jsonb, f.result_summary, f.approval_id, f.reservation_id, f.decisions::jsonb, f.identity_source
  FROM fresh f LEFT JOIN approval_claimed a ON a.event_id = f.id
  ORDER BY f.id
  ON CONFLICT DO NOTHING
  RETURNING id, ts, gateway_id, user_id, team, server, tool, status, duration_ms, cost_usd, input_tokens, output_tokens,
    risk_flags, reservation_id
),
lat AS (
  SELECT *, width_bucket(duration_ms - 1, $25::int[]) AS lb FROM ins
),
${ctes}
credited AS (
  -- Which batch of the group stored each new row: the first naming it (a duplicate later in the group,
  -- or in another batch, counts as a duplicate there).
  SELECT f.batch, count(*)::int AS n FROM ins JOIN fresh f ON f.id = ins.id GROUP BY f.batch
),
loose AS (${looseSpendSql("ins")})
SELECT
  (SELECT coalesce(json_object_agg(batch, n), '{}'::json) FROM credited) AS accepted,
  (SELECT coalesce(json_agg(json_build_object(
      'id', id, 'ts', ts, 'gatewayId', gateway_id, 'userId', user_id, 'team', team, 'server', server, 'tool', tool,
      'costUsd', cost_usd::text, 'reservationId', reservation_id)), '[]'::json)
   FROM ins WHERE reservation_id IS NOT NULL) AS reserved,
  (SELECT coalesce(json_agg(json_build_object('budgetId', budget_id, 'period', period, 'at', minute, 'costUsd', cost::text)), '[]'::json)
   FROM loose) AS loose`;
}

const INGEST_SQL = ingestSql();

/**
 * How ingest's transaction starts. The statement is prepared, so after five runs Postgres plans it once
 * for any arrays, estimating a handful of rows per array: it then joins its CTEs (input × claimed, ins ×
 * fresh) by nested loops — quadratic, 4 million comparisons for a group of 2,000 events (bench:ingest-sql:
 * 4× the CPU per event). Planning every run instead costs 20–70 ms. Without nested loops the generic plan
 * hashes or merges those joins; the ones that need a nested loop (unnest of each row's flags, budgets by
 * their rules) still get one. SET LOCAL: for this transaction only; the spend settlement that may follow
 * turns it back on (its joins reach big tables by index).
 */
export const INGEST_BEGIN = "BEGIN; SET LOCAL enable_nestloop = off";

export interface IngestResult {
  accepted: number;
  duplicates: number;
}

const RETRYABLE = new Set(["40P01", "40001"]);
const NO_PARTITION = "23514";
const MAX_ATTEMPTS = 5;
/** A group stops growing past this many events (a single larger batch is still written alone). */
const MAX_GROUP_EVENTS = 5000;

type ReservedRow = Omit<SpendEvent, "ts"> & { ts: string };
type LooseRow = { budgetId: string; period: PeriodKind; at: string; costUsd: string };

/** Writes a group of batches in one transaction; returns how many new events each batch stored. */
async function writeGroup(batches: readonly EncodedBatch[]): Promise<number[]> {
  const values = [...groupParameters(batches), LATENCY_BUCKET_UPPER_BOUNDS_MS]; // $1…$24, $25 bucket bounds
  const days = new Set<number>();
  for (const b of batches) for (const d of b.days) days.add(d);
  const client = await pool().connect();
  let broken = false;
  try {
    await ensureEventPartitions(days, client);
    for (let attempt = 1; ; attempt++) {
      try {
        await client.query(INGEST_BEGIN);
        const { rows } = await client.query<{ accepted: Record<string, number>; reserved: ReservedRow[]; loose: LooseRow[] }>({
          name: "warden_ingest_events",
          text: INGEST_SQL,
          values,
        });
        const { accepted, reserved, loose } = rows[0];
        if (reserved.length || loose.length) {
          await client.query("SET LOCAL enable_nestloop = on");
          await applyEventSpend(client, {
            reserved: reserved.map((r) => ({ ...r, ts: new Date(r.ts) })),
            loose: loose.map((l): LooseSpend => ({ ...l, at: new Date(l.at) })),
          });
        }
        await client.query("COMMIT");
        return batches.map((_, i) => accepted[String(i + 1)] ?? 0);
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

interface Pending {
  batch: EncodedBatch;
  resolve: (r: IngestResult) => void;
  reject: (err: unknown) => void;
}

// The writers of this process (shared by the route bundle and server.ts, the demo seed, through globalThis).
const g = globalThis as unknown as { __wardenIngestWriter?: { queue: Pending[]; active: number } };
const writer = () => (g.__wardenIngestWriter ??= { queue: [], active: 0 });
// Concurrent group transactions per process. Two: while one transaction waits for the other's rollup rows
// (or its commit), its event insert — about half the work — runs on the other core. Measured on this
// 2-core machine (bench:ingest, 8 clients, quiet): 22.3k events/s with one writer, 27.7k with two.
const WRITERS = 2;

function settle(group: readonly Pending[], accepted: readonly number[]) {
  group.forEach((p, i) => p.resolve({ accepted: accepted[i], duplicates: p.batch.size - accepted[i] }));
}

function takeGroup(queue: Pending[]): Pending[] {
  const group: Pending[] = [queue.shift()!];
  let size = group[0].batch.size;
  while (queue.length && size + queue[0].batch.size <= MAX_GROUP_EVENTS) {
    size += queue[0].batch.size;
    group.push(queue.shift()!);
  }
  return group;
}

async function writeAndSettle(group: Pending[]): Promise<void> {
  try {
    settle(group, await writeGroup(group.map((p) => p.batch)));
  } catch (err) {
    if (group.length === 1 || isDatabaseUnavailable(err)) {
      for (const p of group) p.reject(err);
      return;
    }
    // Isolate: one batch's failure must not become another's.
    for (const p of group) {
      try {
        settle([p], await writeGroup([p.batch]));
      } catch (e) {
        p.reject(e);
      }
    }
  }
}

function runWriter(): void {
  const w = writer();
  while (w.queue.length && w.active < WRITERS) {
    const group = takeGroup(w.queue);
    w.active++;
    void writeAndSettle(group).finally(() => {
      w.active--;
      runWriter();
    });
  }
}

/**
 * Stores a validated batch for one gateway, exactly once per event id, with its rollups and spend
 * settlement (budgets' applyEventSpend) in one transaction — possibly shared with batches that arrived
 * at the same time (group commit). Returns how many were new.
 */
export async function ingestEvents(opts: { gatewayId: string; events: readonly ValidatedEvent[] }): Promise<IngestResult> {
  if (!opts.events.length) return { accepted: 0, duplicates: 0 };
  // Secrets never reach the database, whatever the gateway did (a setting turns this off).
  const events = (await getIngestRedaction()) ? redactIngestEvents({ events: opts.events }) : opts.events;
  const batch = encodeEventBatch(opts.gatewayId, events);
  return new Promise((resolve, reject) => {
    writer().queue.push({ batch, resolve, reject });
    runWriter();
  });
}
