import { MAX_PARAMS_BYTES, MAX_PARAMS_DEPTH, jsonDepth } from "../ingest/schema";
import { deriveEventId } from "./derive-event-id";
import { readSpanAttribute, readSpanText } from "./read-span-attribute";
import { redactCallValue } from "./redact-call-value";
import type { ToolCallSpans } from "./pick-call-spans";
import type { OtlpSpan, OtlpValue } from "./types";

/** How spans name users, teams and servers where the conventions have no attribute (lib/env.ts WARDEN_OTLP_*). */
export interface OtlpMappingSettings {
  /** Span or resource attribute that names the user, read before `enduser.id` and `user.id`. */
  userAttribute?: string | null;
  /** Span or resource attribute that names the team. */
  teamAttribute?: string | null;
  /** `server.address:port` or `server.address` → the server's name in Warden (for CLIENT spans). */
  serverMap?: ReadonlyMap<string, string>;
}

/** The event made from one tool call, as the POST /api/v1/events body would carry it (validated after). */
export interface MappedEvent {
  event: {
    id: string;
    timestamp: string;
    durationMs: number;
    userId: string;
    team: string | null;
    agent: string | null;
    sessionId: string | null;
    traceId: string;
    server: string;
    tool: string;
    status: "ok" | "error" | "timeout";
    errorType: string | null;
    params: Record<string, unknown> | null;
    resultSummary: string | null;
    riskFlags: string[];
  };
  /** No user attribute: `userId` is the literal `unknown` (a warning in partial_success, not a rejection). */
  noUser: boolean;
}

export const UNKNOWN = "unknown";
const MAX_RESULT_CHARS = 4000;
const MAX_DURATION_MS = 86_400_000;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const JSONRPC_ERRORS: Record<string, string> = {
  "-32700": "parse_error",
  "-32600": "invalid_request",
  "-32601": "method_not_found",
  "-32602": "invalid_params",
  "-32603": "internal_error",
};

const nsToMs = (ns: string) => (BigInt(ns) + 500_000n) / 1_000_000n;

/** gen_ai.tool.call.arguments: a structured value, or a JSON string of one (best effort, as the conventions say). */
function readArguments(value: OtlpValue | undefined): Record<string, unknown> | null {
  let v: unknown = value;
  if (typeof v === "string") {
    try {
      v = JSON.parse(v);
    } catch {
      return { arguments: value };
    }
  }
  if (v === undefined || v === null) return null;
  return typeof v === "object" && !Array.isArray(v) ? (v as Record<string, unknown>) : { arguments: v };
}

/** Params capped like JSON ingest's (16 KiB serialised, 12 levels): over the cap they are replaced by a note. */
function capParams(params: Record<string, unknown>): Record<string, unknown> {
  const json = JSON.stringify(params);
  const bytes = Buffer.byteLength(json);
  if (bytes > MAX_PARAMS_BYTES) return { "warden.omitted": `arguments of ${bytes} bytes, over the ${MAX_PARAMS_BYTES}-byte cap` };
  if (jsonDepth(params, MAX_PARAMS_DEPTH + 1) > MAX_PARAMS_DEPTH) return { "warden.omitted": `arguments nested deeper than ${MAX_PARAMS_DEPTH} levels` };
  return params;
}

function readResult(value: OtlpValue | undefined): string | null {
  if (value === undefined || value === null) return null;
  const text = typeof value === "string" ? value : JSON.stringify(value);
  return text.length > MAX_RESULT_CHARS ? `${text.slice(0, MAX_RESULT_CHARS - 1)}…` : text;
}

function address(span: OtlpSpan): string | undefined {
  const host = readSpanText(span, "server.address");
  const port = readSpanText(span, "server.port");
  return host ? (port ? `${host}:${port}` : host) : undefined;
}

/**
 * The server's name. Warden's gateway's spans name it (`warden.upstream.server`). SERVER span: its resource's `service.name`, then `server.address[:port]`. Any other kind
 * (CLIENT): the server span of the same call in the same request (its `service.name`), then the configured
 * mapping of `server.address:port` / `server.address`, then `server.address[:port]` itself — `service.name`
 * of a client span names the agent, not the server. Else `unknown`.
 */
function serverName(call: ToolCallSpans, settings: OtlpMappingSettings): string {
  const { span } = call;
  const upstream = readSpanText(span, "warden.upstream.server"); // Warden's gateway names its upstream server
  if (upstream) return upstream;
  const service = (s: OtlpSpan) => readSpanText(s, "service.name", { resource: true });
  if (span.kind === "server") return service(span) ?? address(span) ?? UNKNOWN;
  const paired = call.server && service(call.server);
  if (paired) return paired;
  const host = readSpanText(span, "server.address");
  const hostPort = address(span);
  return (hostPort && settings.serverMap?.get(hostPort)) ?? (host && settings.serverMap?.get(host)) ?? hostPort ?? UNKNOWN;
}

/** Status and errorType from the span status, `error.type` and the JSON-RPC code (`rpc.response.status_code`). */
function outcome(span: OtlpSpan): { status: "ok" | "error" | "timeout"; errorType: string | null } {
  const errorType = readSpanText(span, "error.type");
  const code = readSpanText(span, "rpc.response.status_code");
  const rpcError = code !== undefined && code !== "0" && code !== "OK" ? code : undefined;
  if (!errorType && !rpcError && span.status.code !== "error") return { status: "ok", errorType: null };
  const type = errorType ?? rpcError ?? "_OTHER";
  const named = JSONRPC_ERRORS[type] ?? type;
  return { status: type === "timeout" || type === "DEADLINE_EXCEEDED" ? "timeout" : "error", errorType: named };
}

function readUser(span: OtlpSpan, settings: OtlpMappingSettings): string | undefined {
  for (const name of [settings.userAttribute, "enduser.id", "user.id"]) {
    const v = name ? readSpanText(span, name, { resource: true }) : undefined;
    if (v) return v;
  }
  return undefined;
}

/**
 * One tool call's spans as an audit event (docs/otel.md has the table). The id is the span's `warden.event.id`
 * when it is a UUID (Warden's gateway puts its JSON event's id there, so its span is a duplicate); otherwise
 * UUIDv5 of the trace id and the call's client span id (a SERVER span's parent), so re-sent spans and both
 * sides of one call are one event.
 */
export function mapSpanToEvent(opts: { call: ToolCallSpans; settings?: OtlpMappingSettings }): MappedEvent {
  const settings = opts.settings ?? {};
  const { span } = opts.call;
  const wardenId = readSpanText(span, "warden.event.id") ?? (opts.call.server ? readSpanText(opts.call.server, "warden.event.id") : undefined);
  const clientSpanId = span.kind === "server" && span.parentSpanId ? span.parentSpanId : span.spanId;
  const id = wardenId && UUID.test(wardenId) ? wardenId.toLowerCase() : deriveEventId({ traceId: span.traceId, spanId: clientSpanId });
  const startMs = nsToMs(span.startTimeUnixNano);
  const durationMs = Number(nsToMs(span.endTimeUnixNano) - startMs);
  const user = readUser(span, settings) ?? (opts.call.server ? readUser(opts.call.server, settings) : undefined);
  const riskFlags = new Set<string>();
  let params = readArguments(readSpanAttribute(span, "gen_ai.tool.call.arguments") ?? (opts.call.server ? readSpanAttribute(opts.call.server, "gen_ai.tool.call.arguments") : undefined));
  if (params) {
    const r = redactCallValue({ value: params });
    for (const f of r.flags) riskFlags.add(f);
    params = capParams(r.value as Record<string, unknown>);
  }
  let resultSummary = readResult(readSpanAttribute(span, "gen_ai.tool.call.result") ?? (opts.call.server ? readSpanAttribute(opts.call.server, "gen_ai.tool.call.result") : undefined));
  if (resultSummary !== null) {
    const r = redactCallValue({ value: resultSummary });
    for (const f of r.flags) riskFlags.add(f);
    resultSummary = r.value as string;
  }
  const teamAttribute = settings.teamAttribute;
  return {
    event: {
      id,
      timestamp: new Date(Number(startMs)).toISOString(),
      durationMs: Math.min(durationMs, MAX_DURATION_MS),
      userId: user ?? UNKNOWN,
      team: (teamAttribute && readSpanText(span, teamAttribute, { resource: true })) || null,
      agent: span.kind === "server" ? null : (readSpanText(span, "service.name", { resource: true }) ?? null),
      sessionId: readSpanText(span, "mcp.session.id") ?? (opts.call.server ? readSpanText(opts.call.server, "mcp.session.id") : undefined) ?? null,
      traceId: span.traceId,
      server: serverName(opts.call, settings),
      tool: readSpanText(span, "gen_ai.tool.name") ?? (opts.call.server ? readSpanText(opts.call.server, "gen_ai.tool.name") : undefined) ?? UNKNOWN,
      ...outcome(span),
      params,
      resultSummary,
      riskFlags: [...riskFlags],
    },
    noUser: user === undefined,
  };
}
