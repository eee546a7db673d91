import type { OpenAPIRegistry } from "@asteasolutions/zod-to-openapi";
import { z } from "zod";
import { ApiErrorResponse } from "../ingest/schema";

// POST /api/v1/otlp/v1/traces in the OpenAPI document. The request is OTLP's ExportTraceServiceRequest
// (opentelemetry-proto v1.11.0, vendored); its protobuf and JSON forms are OTLP's contract, not described here.

// 200 from POST /api/v1/otlp/v1/traces (OTLP/JSON form; the protobuf form is the same message)
export const ExportTraceServiceResponse = z
  .object({
    partialSuccess: z
      .object({
        rejectedSpans: z.string().meta({ description: "int64 as a string: spans not accepted." }),
        errorMessage: z.string().meta({ description: "Why, per span (`resourceSpans[i].scopeSpans[j].spans[k]: reason`), and warnings (tool calls without a user)." }),
      })
      .optional(),
  })
  .meta({ id: "ExportTraceServiceResponse" });

// Errors of POST /api/v1/otlp/v1/traces: google.rpc.Status, plus Warden's error object in JSON.
export const OtlpStatus = z
  .object({ code: z.number().int().meta({ description: "gRPC status code." }), message: z.string(), details: z.array(z.unknown()), error: ApiErrorResponse.shape.error })
  .meta({ id: "OtlpStatus" });

const status = (description: string, retry = false) => ({
  description,
  ...(retry ? { headers: { "Retry-After": { description: "Seconds to wait before retrying.", schema: { type: "integer" as const } } } } : {}),
  content: { "application/json": { schema: OtlpStatus }, "application/x-protobuf": { schema: { type: "string" as const, format: "binary", description: "google.rpc.Status" } } },
});

export function registerOtlpOpenApi(registry: OpenAPIRegistry) {
  registry.registerPath({
    method: "post",
    path: "/api/v1/otlp/v1/traces",
    operationId: "exportTraces",
    tags: ["otlp"],
    summary: "OTLP/HTTP traces: tool-call spans become events",
    description:
      "Set `OTEL_EXPORTER_OTLP_ENDPOINT=<warden>/api/v1/otlp` and the key in `OTEL_EXPORTER_OTLP_HEADERS`. An " +
      "ExportTraceServiceRequest as `application/x-protobuf` or `application/json` (OTLP/JSON), gzip or not, up to 4 MiB. " +
      "Spans with `mcp.method.name` = `tools/call` or `gen_ai.operation.name` = `execute_tool` become events (docs/otel.md); " +
      "a bad span is rejected alone and reported in `partialSuccess`. Answers and errors are OTLP's, in the request's encoding. " +
      "Needs the `otlp:write` scope.",
    request: {
      body: {
        required: true,
        content: {
          "application/x-protobuf": { schema: { type: "string", format: "binary", description: "opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest" } },
          "application/json": { schema: { type: "object", description: "ExportTraceServiceRequest in OTLP/JSON (hex ids)" } },
        },
      },
    },
    responses: {
      200: {
        description: "Accepted, possibly partly (`partialSuccess`).",
        content: { "application/json": { schema: ExportTraceServiceResponse }, "application/x-protobuf": { schema: { type: "string", format: "binary" } } },
      },
      400: status("Undecodable body."),
      401: status("Missing or invalid API key."),
      403: status("The key lacks otlp:write."),
      413: status("Body over 4 MiB (also after gunzip)."),
      415: status("Not application/x-protobuf or application/json, or an unsupported Content-Encoding."),
      429: status("Per-key rate limit.", true),
      503: status("Database unavailable.", true),
    },
  });
}
