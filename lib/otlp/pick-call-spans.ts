import { isToolCallSpan } from "./is-tool-call-span";
import type { OtlpSpan } from "./types";

export interface ToolCallSpans {
  /** The span the event is made from: the client span when the request holds both sides of the call. */
  span: OtlpSpan;
  /** The server span of the same call, when the request holds it too (it names the server). */
  server: OtlpSpan | null;
}

/**
 * The tool calls among a request's spans, one per call. Per the MCP conventions the server span's parent is
 * the client span (context propagated in `params._meta`): a SERVER tool-call span whose parent is a CLIENT
 * tool-call span of the same trace in the same request is folded into it (the client span wins; the server
 * span lends its `service.name`). A span repeated in the request (same trace and span id) counts once.
 */
export function pickCallSpans(opts: { spans: readonly OtlpSpan[] }): ToolCallSpans[] {
  const calls = new Map<string, ToolCallSpans>();
  const servers: OtlpSpan[] = [];
  for (const span of opts.spans) {
    if (!isToolCallSpan(span)) continue;
    if (span.kind === "server") servers.push(span);
    else if (!calls.has(`${span.traceId}:${span.spanId}`)) calls.set(`${span.traceId}:${span.spanId}`, { span, server: null });
  }
  const seenServers = new Set<string>();
  for (const server of servers) {
    const key = `${server.traceId}:${server.spanId}`;
    if (seenServers.has(key)) continue;
    seenServers.add(key);
    const client = server.parentSpanId ? calls.get(`${server.traceId}:${server.parentSpanId}`) : undefined;
    if (client && client.span.kind === "client" && !client.server) client.server = server;
    else calls.set(key, { span: server, server: null });
  }
  return [...calls.values()];
}
