// bench:ingest's OTLP row: the same calls as OTLP protobuf spans (one CLIENT tools/call span per call, with
// the MCP conventions' attributes), encoded with protobufjs over the vendored opentelemetry-proto — the bytes
// an OTLP/HTTP protobuf exporter sends.
import { randomBytes } from "node:crypto";
import type { IngestEvent } from "../lib/ingest/schema";
import { loadOtlpTypes } from "../lib/otlp/load-otlp-types";

const str = (key: string, value: string) => ({ key, value: { stringValue: value } });

function toSpan(e: IngestEvent) {
  const start = BigInt(Date.parse(e.timestamp)) * 1_000_000n;
  const attributes = [
    str("mcp.method.name", "tools/call"),
    str("gen_ai.operation.name", "execute_tool"),
    str("gen_ai.tool.name", e.tool),
    str("server.address", e.server),
    str("enduser.id", e.userId),
    ...(e.sessionId ? [str("mcp.session.id", e.sessionId)] : []),
    ...(e.params ? [str("gen_ai.tool.call.arguments", JSON.stringify(e.params))] : []),
    ...(e.resultSummary ? [str("gen_ai.tool.call.result", e.resultSummary)] : []),
    ...(e.status === "error" ? [str("error.type", e.errorType ?? "tool_error")] : []),
  ];
  return {
    traceId: randomBytes(16),
    spanId: randomBytes(8),
    name: `tools/call ${e.tool}`,
    kind: 3,
    startTimeUnixNano: start.toString(),
    endTimeUnixNano: (start + BigInt(e.durationMs ?? 0) * 1_000_000n).toString(),
    attributes,
    status: e.status === "error" ? { code: 2 } : {},
  };
}

/** ExportTraceServiceRequest protobuf bodies of `batch` spans each. */
export function otlpProtobufBodies(events: IngestEvent[], batch: number): Buffer[] {
  const { request } = loadOtlpTypes();
  const bodies: Buffer[] = [];
  for (let i = 0; i < events.length; i += batch) {
    const message = request.fromObject({
      resourceSpans: [{ resource: { attributes: [str("service.name", "bench-agent")] }, scopeSpans: [{ scope: { name: "bench" }, spans: events.slice(i, i + batch).map(toSpan) }] }],
    });
    bodies.push(Buffer.from(request.encode(message).finish()));
  }
  return bodies;
}
