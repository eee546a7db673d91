import { randomBytes } from "node:crypto";
import { gzipSync } from "node:zlib";
import { context, SpanKind, SpanStatusCode, trace, type Attributes } from "@opentelemetry/api";
import { OTLPTraceExporter as OTLPJsonExporter } from "@opentelemetry/exporter-trace-otlp-http";
import { OTLPTraceExporter as OTLPProtoExporter } from "@opentelemetry/exporter-trace-otlp-proto";
import { resourceFromAttributes } from "@opentelemetry/resources";
import { InMemorySpanExporter, SimpleSpanProcessor, type ReadableSpan, type SpanExporter } from "@opentelemetry/sdk-trace-base";
import { NodeTracerProvider } from "@opentelemetry/sdk-trace-node";
import { describe, expect, it } from "vitest";
import { db } from "../../lib/db";
import { deriveEventId } from "../../lib/otlp/derive-event-id";
import { loadOtlpTypes } from "../../lib/otlp/load-otlp-types";
import {
  ARGUMENTS, HTTP_CLIENT_INVALID_PARAMS, INITIALIZE, INVOKE_AGENT, RESULT, SESSION_ID, STDIO_CLIENT, STDIO_SERVER, STDIO_SERVER_TOOL_ERROR, TOOLS_LIST,
  toOtlpJsonRequest, toOtlpJsonSpan, type ExampleSpan,
} from "../fixtures/otlp/mcp-examples";
import { makeEvent } from "../ingest/event-factory";
import { createTestGateway, gatewayApi } from "../support/gateways";
import { baseUrl } from "../support/http";

// Issue 18 items 1–2: spans made by the OTel JS SDK and sent by its real exporters (protobuf and JSON) to the
// shared test Warden's receiver; bad bodies sent by hand.

const KIND = { client: SpanKind.CLIENT, server: SpanKind.SERVER, internal: SpanKind.INTERNAL } as const;

/** A process's tracer (its resource names the service) whose finished spans are kept for exporting by hand. */
function tracerOf(service: string, resource: Attributes = {}) {
  const memory = new InMemorySpanExporter();
  const provider = new NodeTracerProvider({ resource: resourceFromAttributes({ "service.name": service, ...resource }), spanProcessors: [new SimpleSpanProcessor(memory)] });
  const tracer = provider.getTracer("warden-otlp-test");
  /** Starts and ends one example span (under `parent`), `ms` long, ending now. */
  const record = (example: ExampleSpan, opts: { parent?: ReturnType<typeof tracer.startSpan>; ms?: number; extra?: Attributes } = {}) => {
    const end = Date.now() - 1000;
    const ctx = opts.parent ? trace.setSpan(context.active(), opts.parent) : context.active();
    const span = tracer.startSpan(example.name, { kind: KIND[example.kind], attributes: { ...example.attributes, ...opts.extra }, startTime: end - (opts.ms ?? 25) }, ctx);
    if (example.status) span.setStatus({ code: SpanStatusCode.ERROR, message: example.status.message });
    span.end(end);
    return span;
  };
  return { tracer, record, spans: () => memory.getFinishedSpans() as ReadableSpan[] };
}

function exportWith(exporter: SpanExporter, spans: ReadableSpan[]): Promise<void> {
  return new Promise((resolve, reject) =>
    exporter.export(spans, (r) => (r.code === 0 ? resolve() : reject(r.error ?? new Error(`export failed: ${r.code}`)))),
  );
}

const url = () => `${baseUrl()}/api/v1/otlp/v1/traces`;
const protoExporter = (apiKey: string) => new OTLPProtoExporter({ url: url(), headers: { authorization: `Bearer ${apiKey}` } });
const jsonExporter = (apiKey: string) => new OTLPJsonExporter({ url: url(), headers: { authorization: `Bearer ${apiKey}` }, compression: "gzip" as never });

const EVENT_FIELDS = {
  id: true, ts: true, userId: true, team: true, agent: true, sessionId: true, traceId: true, server: true, tool: true, status: true, errorType: true,
  durationMs: true, costUsd: true, inputTokens: true, outputTokens: true, riskFlags: true, params: true, resultSummary: true, approvalId: true,
  reservationId: true, decisions: true, identitySource: true,
} as const;
const eventsOf = (gatewayId: string) => db().event.findMany({ where: { gatewayId }, select: EVENT_FIELDS, orderBy: { ts: "asc" } });
const startOf = (s: ReadableSpan) => new Date(s.startTime[0] * 1000 + Math.round(s.startTime[1] / 1e6));

async function postOtlp(apiKey: string | null, body: BodyInit, headers: Record<string, string> = { "content-type": "application/json" }) {
  const res = await fetch(url(), { method: "POST", headers: { ...(apiKey ? { authorization: `Bearer ${apiKey}` } : {}), ...headers }, body });
  const bytes = new Uint8Array(await res.arrayBuffer());
  const type = res.headers.get("content-type") ?? "";
  return { status: res.status, headers: res.headers, type, json: type.startsWith("application/json") ? JSON.parse(new TextDecoder().decode(bytes)) : undefined, bytes };
}

describe("OTLP/HTTP trace receiver", () => {
  it("OTEL_EXPORTER_OTLP_ENDPOINT=<warden>/api/v1/otlp: the protobuf exporter's tool-call span is one event with exactly the expected fields; re-exporting adds nothing", async () => {
    const gw = await createTestGateway();
    const agent = tracerOf("weather-agent", { "enduser.id": "alice@example.com" });
    const root = agent.record(INVOKE_AGENT, { ms: 200 });
    agent.record(INITIALIZE, { parent: root });
    agent.record(TOOLS_LIST, { parent: root });
    const call = agent.record(STDIO_CLIENT, { parent: root, ms: 42 });
    process.env.OTEL_EXPORTER_OTLP_ENDPOINT = `${baseUrl()}/api/v1/otlp`;
    process.env.OTEL_EXPORTER_OTLP_HEADERS = `Authorization=Bearer%20${gw.apiKey}`;
    let exporter: OTLPProtoExporter;
    try {
      exporter = new OTLPProtoExporter(); // the standard variables only, as any OTel-instrumented client would
    } finally {
      delete process.env.OTEL_EXPORTER_OTLP_ENDPOINT;
      delete process.env.OTEL_EXPORTER_OTLP_HEADERS;
    }
    await exportWith(exporter, agent.spans());
    const spanContext = call.spanContext();
    const sent = agent.spans().find((s) => s.spanContext().spanId === spanContext.spanId)!;
    const expected = {
      id: deriveEventId({ traceId: spanContext.traceId, spanId: spanContext.spanId }),
      ts: startOf(sent),
      userId: "alice@example.com", team: null, agent: "weather-agent", sessionId: SESSION_ID, traceId: spanContext.traceId, server: "unknown",
      tool: "get-weather", status: "ok", errorType: null, durationMs: 42, costUsd: null, inputTokens: null, outputTokens: null, riskFlags: [],
      params: ARGUMENTS, resultSummary: JSON.stringify(RESULT), approvalId: null, reservationId: null, decisions: null, identitySource: null,
    };
    expect(await eventsOf(gw.gatewayId)).toEqual([expected]);
    await exportWith(exporter, agent.spans());
    await exportWith(jsonExporter(gw.apiKey), agent.spans());
    expect(await eventsOf(gw.gatewayId)).toEqual([expected]);
    await exporter.shutdown();
  });

  it("the JSON exporter (gzip) delivers the conventions' -32602 and tool_error calls as error events", async () => {
    const gw = await createTestGateway();
    const agent = tracerOf("weather-agent");
    const failed = agent.record(HTTP_CLIENT_INVALID_PARAMS, { extra: { "user.id": "bob" } });
    const server = tracerOf("weather-server", { "enduser.id": "carol" });
    const toolError = server.record(STDIO_SERVER_TOOL_ERROR);
    const exporter = jsonExporter(gw.apiKey);
    await exportWith(exporter, [...agent.spans(), ...server.spans()]);
    const rows = await eventsOf(gw.gatewayId);
    const byId = new Map(rows.map((r) => [r.id, r]));
    expect(byId.get(deriveEventId({ traceId: failed.spanContext().traceId, spanId: failed.spanContext().spanId }))).toMatchObject({
      userId: "bob", agent: "weather-agent", server: "weather.example.com:443", status: "error", errorType: "invalid_params", resultSummary: null,
    });
    expect(byId.get(deriveEventId({ traceId: toolError.spanContext().traceId, spanId: toolError.spanContext().spanId }))).toMatchObject({
      userId: "carol", agent: null, server: "weather-server", status: "error", errorType: "tool_error",
    });
    expect(rows).toHaveLength(2);
    await exporter.shutdown();
  });

  it("a client span and its server span make one event, sent together or by two processes' exporters", async () => {
    const gw = await createTestGateway();
    const agent = tracerOf("weather-agent");
    const server = tracerOf("weather-server");
    const client = agent.record(STDIO_CLIENT);
    server.record(STDIO_SERVER, { parent: client }); // context from params._meta: the client span is the parent
    await exportWith(jsonExporter(gw.apiKey), server.spans()); // the server's process exports first
    await exportWith(protoExporter(gw.apiKey), agent.spans());
    const other = tracerOf("weather-agent");
    const otherServer = tracerOf("weather-server");
    const c2 = other.record(STDIO_CLIENT);
    otherServer.record(STDIO_SERVER, { parent: c2 });
    await exportWith(protoExporter(gw.apiKey), [...otherServer.spans(), ...other.spans()]);
    const rows = await eventsOf(gw.gatewayId);
    expect(rows.map((r) => r.id).sort()).toEqual(
      [client, c2].map((s) => deriveEventId({ traceId: s.spanContext().traceId, spanId: s.spanContext().spanId })).sort(),
    );
    // Together in one request, the client span wins and the server span names the server.
    expect(rows.find((r) => r.traceId === c2.spanContext().traceId)).toMatchObject({ agent: "weather-agent", server: "weather-server" });
  });

  it("a span carrying warden.event.id duplicates the gateway's JSON event: nothing is counted twice", async () => {
    const gw = await createTestGateway();
    const event = makeEvent({ timestamp: new Date(Date.now() - 2000).toISOString() });
    expect((await gatewayApi("/events", gw.apiKey, { body: { events: [event] } })).json).toEqual({ accepted: 1, duplicates: 0 });
    const gateway = tracerOf("warden-gateway");
    gateway.record(STDIO_SERVER, { extra: { "warden.event.id": event.id } });
    await exportWith(protoExporter(gw.apiKey), gateway.spans());
    expect((await eventsOf(gw.gatewayId)).map((r) => r.id)).toEqual([event.id]);
  });

  it("bad input gets a clear 4xx or partial_success, never a 500; the good spans of a request are kept", async () => {
    const gw = await createTestGateway();
    const traceId = randomBytes(16).toString("hex");
    const at = { startMs: Date.now() - 5000, durationMs: 10 };
    const good = toOtlpJsonSpan(STDIO_CLIENT, { traceId, spanId: "00f067aa0ba902b7" }, at);
    const base64Ids = { ...good, traceId: Buffer.from(traceId, "hex").toString("base64"), spanId: Buffer.from("00f067aa0ba902b8", "hex").toString("base64") };
    const noSpanId = { ...good, spanId: undefined };
    const nulTool = toOtlpJsonSpan({ ...STDIO_CLIENT, attributes: { ...STDIO_CLIENT.attributes, "gen_ai.tool.name": "get\u0000weather" } }, { traceId, spanId: "00f067aa0ba902b9" }, at);
    const nulElsewhere = toOtlpJsonSpan({ ...STDIO_CLIENT, attributes: { ...STDIO_CLIENT.attributes, "x.note": "a\u0000b" } }, { traceId, spanId: "00f067aa0ba902ba" }, at);
    const partial = await postOtlp(gw.apiKey, JSON.stringify(toOtlpJsonRequest("agent", [base64Ids, good, noSpanId, nulTool, nulElsewhere])));
    expect(partial.status).toBe(200);
    expect(partial.json.partialSuccess.rejectedSpans).toBe("3");
    const message: string = partial.json.partialSuccess.errorMessage;
    expect(message).toContain("spans[0]: traceId must be 32 hex digits (OTLP/JSON sends ids as hex, not base64)");
    expect(message).toContain("spans[2]: spanId is missing");
    expect(message).toMatch(/spans\[3\]: tool must not contain NUL/);
    expect(message).toContain('warning: 2 tool call(s) named no user');
    expect((await eventsOf(gw.gatewayId)).map((r) => r.id).sort()).toEqual(
      ["00f067aa0ba902b7", "00f067aa0ba902ba"].map((spanId) => deriveEventId({ traceId, spanId })).sort(),
    );

    const { status: statusType } = loadOtlpTypes();
    const garbage = await postOtlp(gw.apiKey, Uint8Array.from([0x0a, 0xff, 0xff, 0xff, 0xff, 0x0f, 0x01]), { "content-type": "application/x-protobuf" });
    expect(garbage.status).toBe(400);
    expect(garbage.type).toBe("application/x-protobuf");
    expect(statusType.toObject(statusType.decode(garbage.bytes))).toMatchObject({ code: 3, message: expect.stringContaining("not a protobuf ExportTraceServiceRequest") });

    const huge = await postOtlp(gw.apiKey, gzipSync(Buffer.alloc(10 * 1024 * 1024, 0x20)), { "content-type": "application/json", "content-encoding": "gzip" });
    expect(huge.status).toBe(413);
    expect(huge.json).toMatchObject({ code: 8, error: { code: "payload_too_large" } });
    const hugePlain = await postOtlp(gw.apiKey, new Uint8Array(10 * 1024 * 1024), { "content-type": "application/x-protobuf" });
    expect(hugePlain.status).toBe(413);

    const malformed = await postOtlp(gw.apiKey, '{"resourceSpans":');
    expect(malformed.status).toBe(400);
    expect(malformed.json).toMatchObject({ code: 3, message: expect.stringContaining("Malformed JSON"), error: { code: "invalid_request" } });
    expect((await postOtlp(gw.apiKey, "{}", { "content-type": "text/plain" })).status).toBe(415);
    const anonymous = await postOtlp(null, "{}");
    expect(anonymous).toMatchObject({ status: 401, json: { code: 16, error: { code: "unauthenticated" } } });
    const limited = await createTestGateway({ scopes: ["events:write"] });
    expect((await postOtlp(limited.apiKey, "{}")).json).toMatchObject({ code: 7, error: { code: "forbidden" } });
    expect(await postOtlp(gw.apiKey, "{}")).toMatchObject({ status: 200, json: {} });
  });
});
