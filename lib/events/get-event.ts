import "server-only";
import { Prisma } from "../generated/prisma/client";
import { ApiError } from "../http/errors";
import { queryRows } from "../metrics/rollup-sql";
import { SUMMARY_COLUMNS } from "./event-conditions";
import type { EventDetail } from "./schema";

type Row = Omit<EventDetail, "ts" | "receivedAt"> & { ts: Date; receivedAt: Date };

/** Every field of one event. `ts` (from the list row) lets Postgres read one day's partition only. */
export async function getEvent(opts: { id: string; ts?: string }): Promise<EventDetail> {
  const at = opts.ts ? Prisma.sql` AND e.ts = ${opts.ts}::timestamptz` : Prisma.empty;
  const rows = await queryRows<Row>(Prisma.sql`
    SELECT ${SUMMARY_COLUMNS}, g.name AS "gatewayName", e.received_at AS "receivedAt", e.agent, e.session_id AS "sessionId",
           e.trace_id AS "traceId", e.input_tokens AS "inputTokens", e.output_tokens AS "outputTokens", e.params,
           e.result_summary AS "resultSummary", e.approval_id::text AS "approvalId", e.reservation_id::text AS "reservationId",
           e.decisions, e.identity_source AS "identitySource"
    FROM events e LEFT JOIN gateways g ON g.id = e.gateway_id
    WHERE e.id = ${opts.id}::uuid${at}
    LIMIT 1`);
  const r = rows[0];
  if (!r) throw new ApiError("not_found", "No such event (it may have passed the retention period).");
  return { ...r, ts: r.ts.toISOString(), receivedAt: r.receivedAt.toISOString() };
}
