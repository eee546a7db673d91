import { ROOT_CONTEXT, SpanKind, SpanStatusCode, trace, defaultTextMapGetter, defaultTextMapSetter, type Context, type Span, type Tracer } from "@opentelemetry/api";
import { W3CTraceContextPropagator } from "@opentelemetry/core";
import { resourceFromAttributes } from "@opentelemetry/resources";
import { BasicTracerProvider, BatchSpanProcessor, type SpanExporter } from "@opentelemetry/sdk-trace-base";
import type { Forward, GatewayCall } from "../call";
import type { CallContext } from "../chain/stage";
import { guardrailSpan } from "./guardrail-span";
import type { GatewayTelemetry } from "./types";

// The gateway's spans with the official OTel JS SDK, loaded only when OTLP export is configured
// (start-gateway-telemetry.ts imports this module dynamically). No global registration: the gateway's tracer
// provider is its own and every parent context is passed explicitly, so nothing else in the process changes.
//
// Per call (MCP semantic conventions, open-telemetry/semantic-conventions-genai docs/gen-ai/mcp.md):
//   SERVER `tools/call <tool>`  — the downstream request; parent: the traceparent in params._meta
//     ├─ INTERNAL `run_guardrail warden-gateway <stage>` — each guarding decision (gen-ai-security.md)
//     └─ CLIENT `tools/call <tool>` — the upstream request; its context goes upstream in params._meta
// The SERVER and CLIENT spans both carry `warden.event.id`: a receiver that knows it (Warden's) stores the
// call once, as the gateway's JSON event.

export interface UpstreamAddress {
  transport: "pipe" | "tcp";
  address?: string;
  port?: number;
}

const propagator = new W3CTraceContextPropagator();

export function createOtelTelemetry(o: {
  exporter: SpanExporter;
  serviceName: string;
  serviceVersion: string;
  upstreamAddress: (server: string) => UpstreamAddress | undefined;
  /** BatchSpanProcessor delay (ms); OTEL_BSP_SCHEDULE_DELAY. */
  scheduleDelayMillis?: number;
}): GatewayTelemetry {
  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes({ "service.name": o.serviceName, "service.version": o.serviceVersion }),
    spanProcessors: [new BatchSpanProcessor(o.exporter, { scheduledDelayMillis: o.scheduleDelayMillis })],
  });
  const tracer: Tracer = provider.getTracer("warden-gateway", o.serviceVersion);
  // The SERVER span of each call in flight, and when its last decision was made (a guardrail span runs from
  // the previous decision to its own: stages run one after the other).
  const calls = new Map<string, { span: Span; context: Context; lastDecisionAt: number }>();

  const callAttributes = (call: GatewayCall) => {
    const a: Record<string, string | number> = { "mcp.method.name": call.method, "warden.upstream.server": call.server };
    if (call.method === "tools/call") {
      a["gen_ai.operation.name"] = "execute_tool";
      a["gen_ai.tool.name"] = call.tool;
    }
    if (call.method === "prompts/get" && typeof call.params.name === "string") a["gen_ai.prompt.name"] = call.params.name;
    if (call.method === "resources/read" && typeof call.params.uri === "string") a["mcp.resource.uri"] = call.params.uri;
    if (call.sessionId) a["mcp.session.id"] = call.sessionId;
    return a;
  };
  const spanName = (call: GatewayCall) => (call.method === "tools/call" ? `tools/call ${call.tool}` : call.method);

  return {
    async traceCall(ctx: CallContext, run: () => Promise<unknown>) {
      const { call, event } = ctx;
      const parent = propagator.extract(ROOT_CONTEXT, call.meta ?? {}, defaultTextMapGetter);
      const span = tracer.startSpan(spanName(call), { kind: SpanKind.SERVER, startTime: call.startedAt, attributes: callAttributes(call) }, parent);
      if (call.requestId !== undefined) span.setAttribute("jsonrpc.request.id", String(call.requestId));
      span.setAttribute("warden.event.id", event.id);
      event.traceId = span.spanContext().traceId;
      calls.set(call.id, { span, context: trace.setSpan(parent, span), lastDecisionAt: call.startedAt.getTime() });
      try {
        const result = await run();
        endCallSpan(span, ctx, undefined);
        return result;
      } catch (err) {
        endCallSpan(span, ctx, err);
        throw err;
      } finally {
        calls.delete(call.id);
      }
    },

    wrapForward(forward: Forward): Forward {
      return async (call, fo) => {
        const entry = calls.get(call.id);
        if (!entry) return forward(call, fo);
        const up = o.upstreamAddress(call.server);
        const span = tracer.startSpan(spanName(call), { kind: SpanKind.CLIENT, attributes: callAttributes(call) }, entry.context);
        span.setAttribute("warden.event.id", call.id);
        if (up) {
          span.setAttribute("network.transport", up.transport);
          if (up.address) span.setAttribute("server.address", up.address);
          if (up.port) span.setAttribute("server.port", up.port);
        }
        // The upstream's parent is this span: replace the caller's traceparent (and its tracestate) in _meta.
        const carrier: Record<string, unknown> = { ...(call.meta ?? {}) };
        delete carrier.traceparent;
        delete carrier.tracestate;
        propagator.inject(trace.setSpan(entry.context, span), carrier, defaultTextMapSetter);
        try {
          const result = await forward({ ...call, meta: carrier }, fo);
          if (typeof result === "object" && result !== null && (result as { isError?: unknown }).isError === true) {
            span.setAttribute("error.type", "tool_error");
            span.setStatus({ code: SpanStatusCode.ERROR });
          }
          return result;
        } catch (err) {
          recordError(span, err, fo.signal.aborted ? (call.signal.aborted ? "cancelled" : "timeout") : undefined);
          throw err;
        } finally {
          span.end();
        }
      };
    },

    decided(ctx, stage, outcome, reason) {
      const entry = calls.get(ctx.call.id);
      if (!entry) return;
      const now = Date.now();
      const g = guardrailSpan({ stage, outcome, reason, method: ctx.call.method, eventId: ctx.event.id });
      const from = entry.lastDecisionAt;
      entry.lastDecisionAt = now;
      if (!g) return;
      const span = tracer.startSpan(g.name, { kind: SpanKind.INTERNAL, startTime: from, attributes: g.attributes }, entry.context);
      if (g.error) span.setStatus({ code: SpanStatusCode.ERROR, message: reason });
      span.end(now);
    },

    async flush() {
      await provider.forceFlush();
    },
    async shutdown() {
      await provider.shutdown();
    },
  };
}

/** The SERVER span ends with the event's outcome: `error.type` = the event's errorType for anything but ok. */
function endCallSpan(span: Span, ctx: CallContext, err: unknown) {
  const { event } = ctx;
  if (ctx.suspended) span.setAttribute("warden.call.suspended", true);
  if (event.status !== "ok" && !ctx.suspended) {
    span.setAttribute("error.type", event.errorType ?? (err ? "_OTHER" : event.status));
    span.setAttribute("warden.call.status", event.status);
    span.setStatus({ code: SpanStatusCode.ERROR, message: event.decisions?.at(-1)?.reason ?? undefined });
  }
  const code = (err as { code?: unknown } | undefined)?.code;
  if (typeof code === "number") span.setAttribute("rpc.response.status_code", String(code));
  span.end();
}

function recordError(span: Span, err: unknown, errorType?: string) {
  const code = (err as { code?: unknown } | undefined)?.code;
  if (typeof code === "number") span.setAttribute("rpc.response.status_code", String(code));
  span.setAttribute("error.type", errorType ?? (typeof code === "number" ? String(code) : (err as Error)?.name || "_OTHER"));
  span.setStatus({ code: SpanStatusCode.ERROR, message: (err as Error)?.message?.slice(0, 200) });
}
