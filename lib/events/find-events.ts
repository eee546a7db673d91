import "server-only";
import { Prisma } from "../generated/prisma/client";
import { ApiError } from "../http/errors";
import { queryRows } from "../metrics/rollup-sql";
import { decodeCursor, encodeCursor } from "./cursor";
import { eventConditions, eventRange, SUMMARY_COLUMNS } from "./event-conditions";
import type { EventPage, EventSummary, ListEventsQuery } from "./schema";

type Row = Omit<EventSummary, "ts"> & { ts: Date };

/**
 * One page of events, newest first, keyset-paginated on (ts, id): a page never repeats or skips a row,
 * and with `asOf` (the snapshot time of the first page) later pages ignore events that arrived since.
 */
export async function findEvents(q: ListEventsQuery, now = new Date()): Promise<EventPage> {
  const range = eventRange(q, now);
  const asOf = q.asOf ? new Date(q.asOf) : now;
  const cursor = q.cursor ? decodeCursor(q.cursor) : null;
  if (q.cursor && !cursor) throw new ApiError("invalid_request", "The page cursor is not valid.", { issues: [{ path: "cursor", message: "not a cursor" }] });
  const after = cursor ? Prisma.sql` AND (e.ts, e.id) < (${cursor.ts}::timestamptz, ${cursor.id}::uuid)` : Prisma.empty;
  const rows = await queryRows<Row>(Prisma.sql`
    SELECT p.*, g.name AS "gatewayName"
    FROM (
      SELECT ${SUMMARY_COLUMNS}
      FROM events e
      WHERE ${eventConditions(q, range, asOf)}${after}
      ORDER BY e.ts DESC, e.id DESC
      LIMIT ${q.limit + 1}
    ) p
    LEFT JOIN gateways g ON g.id = p."gatewayId"::uuid
    ORDER BY p.ts DESC, p.id DESC`);
  const page = rows.slice(0, q.limit);
  const last = page[page.length - 1];
  return {
    events: page.map((r) => ({ ...r, ts: r.ts.toISOString() })),
    nextCursor: rows.length > q.limit && last ? encodeCursor({ ts: last.ts.toISOString(), id: last.id }) : null,
    asOf: asOf.toISOString(),
  };
}
