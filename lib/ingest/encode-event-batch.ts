import { utcDay } from "./event-partitions";
import type { ValidatedEvent } from "./validate-event-batch";

// A validated batch becomes the parameters of ingest's statement as soon as it arrives: one Postgres
// array literal per column, built in one pass. The write queue then holds a few strings per batch
// instead of thousands of objects (they die young, which keeps garbage collection cheap), a group of
// batches is merged by joining strings, and node-postgres sends strings as they are.

/** The event columns of INGEST_SQL, in parameter order ($1 …). */
export const EVENT_COLUMNS = [
  "id",
  "ts",
  "user_id",
  "team",
  "agent",
  "session_id",
  "trace_id",
  "server",
  "tool",
  "status",
  "error_type",
  "duration_ms",
  "cost_usd",
  "input_tokens",
  "output_tokens",
  "risk_flags",
  "params",
  "result_summary",
  "approval_id",
  "reservation_id",
  "decisions",
  "identity_source",
] as const;

export interface EncodedBatch {
  gatewayId: string;
  size: number;
  /** The body of each column's array literal: the elements, comma-separated, without the braces. */
  columns: string[];
  /** UTC days (see event-partitions.ts) the events fall on: their partitions must exist. */
  days: Set<number>;
}

const ESCAPE = /["\\]/g;

/** A string as an element of a Postgres array literal: double-quoted, `"` and `\` escaped; NULL if absent. */
export function textElement(value: string | null | undefined): string {
  if (value === null || value === undefined) return "NULL";
  return value.indexOf('"') === -1 && value.indexOf("\\") === -1 ? `"${value}"` : `"${value.replace(ESCAPE, "\\$&")}"`;
}

/** A number as an element of a Postgres array literal; NULL if absent. */
export function numberElement(value: number | null | undefined): string {
  return value === null || value === undefined ? "NULL" : String(value);
}

/** A Postgres array literal of strings, e.g. {"a","b"} (for text[] values nested in a column). */
export function textArrayLiteral(values: readonly string[]): string {
  let out = "{";
  for (let i = 0; i < values.length; i++) out += (i ? "," : "") + textElement(values[i]);
  return `${out}}`;
}

const NO_FLAGS = textElement("{}");

export function encodeEventBatch(gatewayId: string, events: readonly ValidatedEvent[]): EncodedBatch {
  // One string per column, grown with += (V8 keeps it as a rope until it is sent).
  let id = "", ts = "", user = "", team = "", agent = "", session = "", trace = "", server = "", tool = "", status = "";
  let errorType = "", duration = "", cost = "", inTokens = "", outTokens = "", flags = "", params = "", result = "";
  let approval = "", reservation = "", decisions = "", identity = "";
  const days = new Set<number>();
  for (let i = 0; i < events.length; i++) {
    const e = events[i];
    const sep = i ? "," : "";
    days.add(utcDay(e.tsMs));
    // id, status and the uuids are validated formats (no quoting needed); everything else is quoted.
    id += sep + e.id;
    ts += sep + textElement(e.timestamp);
    user += sep + textElement(e.userId);
    team += sep + textElement(e.team);
    agent += sep + textElement(e.agent);
    session += sep + textElement(e.sessionId);
    trace += sep + textElement(e.traceId);
    server += sep + textElement(e.server);
    tool += sep + textElement(e.tool);
    status += sep + e.status;
    errorType += sep + textElement(e.errorType);
    duration += sep + numberElement(e.durationMs);
    cost += sep + numberElement(e.costUsd);
    inTokens += sep + numberElement(e.inputTokens);
    outTokens += sep + numberElement(e.outputTokens);
    flags += sep + (e.riskFlags?.length ? textElement(textArrayLiteral(e.riskFlags)) : NO_FLAGS);
    params += sep + textElement(e.paramsJson !== undefined ? e.paramsJson : e.params == null ? null : JSON.stringify(e.params));
    result += sep + textElement(e.resultSummary);
    approval += sep + (e.approvalId ?? "NULL");
    reservation += sep + (e.reservationId ?? "NULL");
    decisions += sep + (e.decisions ? textElement(JSON.stringify(e.decisions)) : "NULL");
    identity += sep + (e.identitySource ?? "NULL"); // an enum value (no quoting needed)
  }
  const columns = [id, ts, user, team, agent, session, trace, server, tool, status, errorType, duration, cost, inTokens, outTokens, flags, params, result, approval, reservation, decisions, identity];
  return { gatewayId, size: events.length, columns, days };
}

/**
 * The parameters of INGEST_SQL for a group of batches: each event column's array literal, then each
 * event's batch number (1-based, in group order) and the batches' gateway ids.
 */
export function groupParameters(batches: readonly EncodedBatch[]): string[] {
  const params = EVENT_COLUMNS.map((_, c) => `{${batches.map((b) => b.columns[c]).join(",")}}`);
  params.push(`{${batches.map((b, i) => `${i + 1},`.repeat(b.size).slice(0, -1)).join(",")}}`);
  params.push(`{${batches.map((b) => b.gatewayId).join(",")}}`);
  return params;
}
