// The events and the COPY baseline shared by bench:ingest and bench:ingest-sql.
import { randomUUID } from "node:crypto";
import pg from "pg";
import type { IngestEvent } from "../lib/ingest/schema";

// ───────────────────────────── data ─────────────────────────────

const SERVERS = Array.from({ length: 15 }, (_, i) => `mcp-server-${i}`);
const STATUSES = ["ok", "ok", "ok", "ok", "ok", "ok", "ok", "ok", "error", "blocked", "timeout", "denied"] as const;
let seed = 42;
const rnd = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
const pick = <T>(a: readonly T[]) => a[Math.floor(rnd() * a.length)];

/** N events as gateways send them (calls of the last minute): 15 servers × 8 tools, 200 users in 8 teams. */
export function makeEvents(n: number): IngestEvent[] {
  const now = Date.now();
  return Array.from({ length: n }, () => {
    const server = pick(SERVERS);
    const status = pick(STATUSES);
    const flagged = rnd() < 0.02;
    const user = Math.floor(rnd() * 200);
    return {
      id: randomUUID(),
      timestamp: new Date(now - Math.floor(rnd() * 60_000)).toISOString(),
      userId: `user-${user}@example.com`,
      team: `team-${user % 8}`, // a person works in one team
      agent: "claude-code",
      sessionId: `s-${Math.floor(rnd() * 5000)}`,
      server,
      tool: `${server}.tool_${Math.floor(rnd() * 8)}`,
      status,
      errorType: status === "error" ? "upstream_error" : undefined,
      durationMs: Math.floor(rnd() * rnd() * 3000),
      costUsd: Math.round(rnd() * 20_000) / 1_000_000,
      inputTokens: Math.floor(rnd() * 2000),
      outputTokens: Math.floor(rnd() * 800),
      riskFlags: flagged ? ["prompt_injection"] : [],
      params: { path: `/srv/data/file-${Math.floor(rnd() * 1e6)}.txt`, limit: 100, recursive: false },
      resultSummary: "read 4 KiB",
    };
  });
}

// ───────────────────────────── COPY ─────────────────────────────

const csv = (v: unknown) => (v === null || v === undefined ? "" : `"${String(v).replace(/"/g, '""')}"`);
const COPY_COLUMNS =
  "id, ts, gateway_id, user_id, team, agent, session_id, trace_id, server, tool, status, error_type, duration_ms, cost_usd, input_tokens, output_tokens, risk_flags, params, result_summary, approval_id, reservation_id";

function toCsv(events: IngestEvent[], gatewayId: string): string {
  return events
    .map((e) =>
      [
        e.id, e.timestamp, gatewayId, e.userId, e.team, e.agent, e.sessionId, e.traceId, e.server, e.tool, e.status, e.errorType,
        e.durationMs, e.costUsd, e.inputTokens, e.outputTokens, `{${(e.riskFlags ?? []).join(",")}}`, e.params ? JSON.stringify(e.params) : null,
        e.resultSummary, e.approvalId, e.reservationId,
      ]
        .map(csv)
        .join(","),
    )
    .join("\n");
}

/** COPY … FROM STDIN through node-postgres' submittable interface (no extra dependency). */
function copyFrom(client: pg.Client, sql: string, chunks: Buffer[]): Promise<void> {
  return new Promise((resolve, reject) => {
    let failed: Error | null = null;
    const submittable = {
      submit(connection: any) {
        connection.query(sql);
      },
      handleCopyInResponse(connection: any) {
        for (const c of chunks) connection.sendCopyFromChunk(c);
        connection.endCopyFrom();
      },
      handleCommandComplete() {},
      handleReadyForQuery() {
        if (failed) reject(failed);
        else resolve();
      },
      handleError(err: Error) {
        failed = err;
      },
      handleRowDescription() {},
      handleDataRow() {},
      handleEmptyQuery() {},
      handlePortalSuspended() {},
      handleCopyData() {},
    };
    void client.query(submittable as never);
  });
}

/**
 * A scratch copy of events (same columns, indexes and daily partitions, no rollups) with the partitions
 * for yesterday … tomorrow (UTC).
 */
export async function createCopyTable(client: pg.Client): Promise<void> {
  await client.query("DROP TABLE IF EXISTS bench_events_copy");
  await client.query("CREATE TABLE bench_events_copy (LIKE events INCLUDING DEFAULTS INCLUDING INDEXES) PARTITION BY RANGE (ts)");
  await client.query(`DO $$
    DECLARE d date;
    BEGIN
      FOR d IN SELECT generate_series((now() AT TIME ZONE 'UTC')::date - 1, (now() AT TIME ZONE 'UTC')::date + 1, interval '1 day')::date LOOP
        EXECUTE format('CREATE TABLE %I PARTITION OF bench_events_copy FOR VALUES FROM (%L) TO (%L)',
          'bench_events_copy_' || to_char(d, 'YYYYMMDD'), d::timestamp AT TIME ZONE 'UTC', (d + 1)::timestamp AT TIME ZONE 'UTC');
      END LOOP;
    END $$`);
}

/** The events as COPY's CSV input, in 1 MiB chunks (built before a run is timed). */
export function copyChunks(events: IngestEvent[], gatewayId: string): Buffer[] {
  const body = Buffer.from(toCsv(events, gatewayId) + "\n");
  const chunks: Buffer[] = [];
  for (let off = 0; off < body.length; off += 1 << 20) chunks.push(body.subarray(off, off + (1 << 20)));
  return chunks;
}

/** COPY of prepared chunks into the scratch table; resolves when Postgres has them all. */
export function copyIntoScratch(client: pg.Client, chunks: Buffer[]): Promise<void> {
  return copyFrom(client, `COPY bench_events_copy (${COPY_COLUMNS}) FROM STDIN WITH (FORMAT csv)`, chunks);
}
