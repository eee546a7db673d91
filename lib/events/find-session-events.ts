import "server-only";
import { Prisma } from "../generated/prisma/client";
import { queryRows } from "../metrics/rollup-sql";
import { SUMMARY_COLUMNS } from "./event-conditions";
import { SESSION_SIDE_LIMIT, SESSION_WINDOW_DAYS, type AgentSession, type SessionEvent } from "./session-schema";

type Row = Omit<SessionEvent, "ts"> & { ts: Date; side: "before" | "after" };

/**
 * An agent session: the events that share the MCP session id or the trace id, read around a time (the
 * anchor event's) — up to SESSION_SIDE_LIMIT calls before and after it, within SESSION_WINDOW_DAYS each
 * side — oldest first, with each call's approval outcome.
 *
 * Each side is one ordered, limited read of `(session_id = $s OR trace_id = $t)` within a time range:
 * a BitmapOr of the partial indexes events_session_id_ts_idx and events_trace_id_ts_idx in the day
 * partitions of that range (migration 20261206044010).
 */
export async function findSessionEvents(opts: { sessionId?: string; traceId?: string; at?: Date; limit?: number }): Promise<AgentSession> {
  const sessionId = opts.sessionId ?? null;
  const traceId = opts.traceId ?? null;
  if (sessionId === null && traceId === null) throw new Error("findSessionEvents needs a session id or a trace id");
  const limit = opts.limit ?? SESSION_SIDE_LIMIT;
  const at = opts.at ?? new Date();
  const from = new Date(at.getTime() - SESSION_WINDOW_DAYS * 86400_000);
  const to = new Date(at.getTime() + SESSION_WINDOW_DAYS * 86400_000);
  const match = Prisma.join(
    [sessionId !== null ? Prisma.sql`e.session_id = ${sessionId}` : null, traceId !== null ? Prisma.sql`e.trace_id = ${traceId}` : null].filter(
      (c): c is Prisma.Sql => c !== null,
    ),
    " OR ",
  );
  const columns = Prisma.sql`${SUMMARY_COLUMNS}, e.agent, e.session_id AS "sessionId", e.trace_id AS "traceId", e.decisions,
    e.approval_id::text AS "approvalId"`;
  const rows = await queryRows<Row>(Prisma.sql`
    SELECT s.*, g.name AS "gatewayName", a.status::text AS "approvalStatus",
           (extract(epoch FROM a.decided_at - a.created_at) * 1000)::int AS "approvalWaitMs"
    FROM (
      (SELECT ${columns}, 'before' AS side FROM events e
        WHERE (${match}) AND e.ts >= ${from.toISOString()}::timestamptz AND e.ts < ${at.toISOString()}::timestamptz
        ORDER BY e.ts DESC, e.id DESC LIMIT ${limit + 1})
      UNION ALL
      (SELECT ${columns}, 'after' AS side FROM events e
        WHERE (${match}) AND e.ts >= ${at.toISOString()}::timestamptz AND e.ts <= ${to.toISOString()}::timestamptz
        ORDER BY e.ts ASC, e.id ASC LIMIT ${limit + 1})
    ) s
    LEFT JOIN gateways g ON g.id = s."gatewayId"::uuid
    LEFT JOIN approvals a ON a.id = s."approvalId"::uuid
    ORDER BY s.ts ASC, s.id ASC`);
  const before = rows.filter((r) => r.side === "before");
  const after = rows.filter((r) => r.side === "after");
  const shown = [...before.slice(Math.max(0, before.length - limit)), ...after.slice(0, limit)];
  return {
    sessionId,
    traceId,
    at: at.toISOString(),
    from: from.toISOString(),
    to: to.toISOString(),
    events: shown.map(({ side: _side, ...r }) => ({ ...r, ts: r.ts.toISOString() })),
    moreBefore: before.length > limit,
    moreAfter: after.length > limit,
  };
}
