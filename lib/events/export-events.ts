import "server-only";
import { Prisma } from "../generated/prisma/client";
import { queryRows } from "../metrics/rollup-sql";
import { csvRow } from "./csv";
import { eventConditions, eventRange, SUMMARY_COLUMNS } from "./event-conditions";
import type { EventDetail, ExportEventsQuery } from "./schema";

export const EXPORT_BATCH = 2000;

/** Column order of the CSV export (the NDJSON export has the same fields, typed). */
export const EXPORT_COLUMNS = [
  "id", "ts", "receivedAt", "gatewayId", "gatewayName", "userId", "team", "agent", "sessionId", "traceId", "server", "tool",
  "status", "errorType", "durationMs", "costUsd", "inputTokens", "outputTokens", "riskFlags", "params", "resultSummary",
  "approvalId", "reservationId", "identitySource", "decisions",
] as const satisfies readonly (keyof EventDetail)[];

type Row = Omit<EventDetail, "ts" | "receivedAt"> & { ts: Date; receivedAt: Date };

function toRecord(r: Row): EventDetail {
  return { ...r, ts: r.ts.toISOString(), receivedAt: r.receivedAt.toISOString() };
}

/**
 * The filtered events as a byte stream, newest first, read in keyset batches of EXPORT_BATCH rows as the
 * client consumes them (pull-based: memory stays at one batch however many rows match). The snapshot time
 * is fixed at the start, so events arriving during a long export are not half-included. The first batch is
 * read before the stream is returned: a filter the database refuses is an error response, not a 200 whose
 * connection drops after the header row.
 */
export async function exportEvents(q: ExportEventsQuery, now = new Date()): Promise<ReadableStream<Uint8Array>> {
  const range = eventRange(q, now);
  const asOf = q.asOf ? new Date(q.asOf) : now;
  const where = eventConditions(q, range, asOf);
  const enc = new TextEncoder();
  let cursor: { ts: string; id: string } | null = null;
  let done = false;

  async function nextChunk(): Promise<string> {
    const after = cursor ? Prisma.sql` AND (e.ts, e.id) < (${cursor.ts}::timestamptz, ${cursor.id}::uuid)` : Prisma.empty;
    const rows = await queryRows<Row>(Prisma.sql`
      SELECT p.*, g.name AS "gatewayName"
      FROM (
        SELECT ${SUMMARY_COLUMNS}, e.received_at AS "receivedAt", e.agent, e.session_id AS "sessionId",
               e.trace_id AS "traceId", e.input_tokens AS "inputTokens", e.output_tokens AS "outputTokens", e.params,
               e.result_summary AS "resultSummary", e.approval_id::text AS "approvalId", e.reservation_id::text AS "reservationId",
               e.identity_source AS "identitySource", e.decisions
        FROM events e
        WHERE ${where}${after}
        ORDER BY e.ts DESC, e.id DESC
        LIMIT ${EXPORT_BATCH}
      ) p
      LEFT JOIN gateways g ON g.id = p."gatewayId"::uuid
      ORDER BY p.ts DESC, p.id DESC`);
    if (rows.length < EXPORT_BATCH) done = true;
    const last = rows[rows.length - 1];
    if (last) cursor = { ts: last.ts.toISOString(), id: last.id };
    let chunk = "";
    for (const r of rows) {
      const rec = toRecord(r);
      chunk += q.format === "csv" ? csvRow(EXPORT_COLUMNS.map((c) => (c === "riskFlags" ? rec.riskFlags.join(";") : rec[c]))) : `${JSON.stringify(rec)}\n`;
    }
    return chunk;
  }

  const first = (q.format === "csv" ? csvRow(EXPORT_COLUMNS) : "") + (await nextChunk());
  let sentFirst = false;
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        const chunk = sentFirst ? await nextChunk() : first;
        sentFirst = true;
        if (chunk) controller.enqueue(enc.encode(chunk));
        if (done) controller.close();
      },
    },
    { highWaterMark: 0 },
  );
}

export function exportFileName(format: "csv" | "ndjson", now = new Date()): string {
  return `warden-events-${now.toISOString().replace(/[:.]/g, "-")}.${format}`;
}
