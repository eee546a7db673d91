import { describe, expect, it } from "vitest";
import {
  ARGUMENTS, CHAT, HTTP_CLIENT_INVALID_PARAMS, INITIALIZE, INVOKE_AGENT, RESULT, SESSION_ID, STDIO_CLIENT, STDIO_SERVER, STDIO_SERVER_TOOL_ERROR,
  TOOLS_LIST, toOtlpJsonRequest, toOtlpJsonSpan, type ExampleSpan,
} from "../../tests/fixtures/otlp/mcp-examples";
import { decodeOtlpTraces } from "./decode-otlp-traces";
import { deriveEventId } from "./derive-event-id";
import { mapSpanToEvent, type OtlpMappingSettings } from "./map-span-to-event";
import { pickCallSpans } from "./pick-call-spans";

const TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";
const START = Date.parse("2026-12-01T10:00:00.000Z");
const json = (body: unknown) => new TextEncoder().encode(JSON.stringify(body));

/** decode → pick → map, the receiver's pure steps, over one resource's spans. */
function events(service: string, spans: unknown[], settings?: OtlpMappingSettings, resource?: Record<string, string>) {
  const { spans: decoded, rejected } = decodeOtlpTraces({ body: json(toOtlpJsonRequest(service, spans, resource)), encoding: "json" });
  expect(rejected).toEqual([]);
  return pickCallSpans({ spans: decoded }).map((call) => mapSpanToEvent({ call, settings }));
}
const span = (s: ExampleSpan, spanId: string, parentSpanId?: string, durationMs = 42) => toOtlpJsonSpan(s, { traceId: TRACE, spanId, parentSpanId }, { startMs: START, durationMs });

describe("mapSpanToEvent (docs/otel.md mapping table)", () => {
  it("maps the conventions' stdio tools/call client span to exactly the expected event", () => {
    const [mapped, ...rest] = events("weather-agent", [span(STDIO_CLIENT, "00f067aa0ba902b7")], undefined, { "enduser.id": "alice@example.com" });
    expect(rest).toEqual([]);
    expect(mapped).toEqual({
      noUser: false,
      event: {
        id: deriveEventId({ traceId: TRACE, spanId: "00f067aa0ba902b7" }),
        timestamp: "2026-12-01T10:00:00.000Z",
        durationMs: 42,
        userId: "alice@example.com",
        team: null,
        agent: "weather-agent",
        sessionId: SESSION_ID,
        traceId: TRACE,
        server: "unknown",
        tool: "get-weather",
        status: "ok",
        errorType: null,
        params: ARGUMENTS,
        resultSummary: JSON.stringify(RESULT),
        riskFlags: [],
      },
    });
  });

  it("names a SERVER span's server by its service.name, and keys it on its parent (the client span)", () => {
    const [mapped] = events("weather-server", [span(STDIO_SERVER, "1111111111111111", "00f067aa0ba902b7")]);
    expect(mapped.event).toMatchObject({ server: "weather-server", agent: null, userId: "unknown", id: deriveEventId({ traceId: TRACE, spanId: "00f067aa0ba902b7" }) });
    expect(mapped.noUser).toBe(true);
  });

  it("one call's client and server spans in one request are one event: the client's, named by the server's service.name", () => {
    const calls = events("mixed", [span(STDIO_SERVER, "1111111111111111", "00f067aa0ba902b7", 30), span(STDIO_CLIENT, "00f067aa0ba902b7", undefined, 42)]);
    expect(calls).toHaveLength(1);
    expect(calls[0].event).toMatchObject({ id: deriveEventId({ traceId: TRACE, spanId: "00f067aa0ba902b7" }), durationMs: 42, server: "mixed", agent: "mixed" });
  });

  it("maps the Streamable HTTP call failing with -32602 to an error with errorType invalid_params, server by address:port or the configured map", () => {
    const [mapped] = events("weather-agent", [span(HTTP_CLIENT_INVALID_PARAMS, "2222222222222222")]);
    expect(mapped.event).toMatchObject({ status: "error", errorType: "invalid_params", server: "weather.example.com:443" });
    const [named] = events("weather-agent", [span(HTTP_CLIENT_INVALID_PARAMS, "2222222222222222")], { serverMap: new Map([["weather.example.com:443", "weather"]]) });
    expect(named.event.server).toBe("weather");
    const [byHost] = events("weather-agent", [span(HTTP_CLIENT_INVALID_PARAMS, "2222222222222222")], { serverMap: new Map([["weather.example.com", "weather-host"]]) });
    expect(byHost.event.server).toBe("weather-host");
  });

  it("maps a tool_error result to status error, errorType tool_error", () => {
    const [mapped] = events("weather-server", [span(STDIO_SERVER_TOOL_ERROR, "3333333333333333")]);
    expect(mapped.event).toMatchObject({ status: "error", errorType: "tool_error", resultSummary: null });
  });

  it("accepts the renamed attributes of the conventions' history (rpc.jsonrpc.error_code, rpc.status_code, mcp.tool.name)", () => {
    const old: ExampleSpan = { name: "tools/call", kind: "client", attributes: { "mcp.method.name": "tools/call", "mcp.tool.name": "legacy-tool", "rpc.jsonrpc.error_code": "-32601" } };
    const [a] = events("agent", [span(old, "4444444444444444")]);
    expect(a.event).toMatchObject({ tool: "legacy-tool", status: "error", errorType: "method_not_found" });
    const newer: ExampleSpan = { name: "x", kind: "client", attributes: { "gen_ai.operation.name": "execute_tool", "gen_ai.tool.name": "t", "rpc.status_code": "DEADLINE_EXCEEDED" } };
    const [b] = events("agent", [span(newer, "5555555555555555")]);
    expect(b.event).toMatchObject({ status: "timeout", errorType: "DEADLINE_EXCEEDED" });
  });

  it("uses warden.event.id (a UUID) as the id: Warden's gateway's span duplicates its JSON event", () => {
    const id = "0b5c3e0e-8d35-4d8e-9f5e-6d3f9f1c2a10";
    const gw: ExampleSpan = { ...STDIO_SERVER, attributes: { ...STDIO_SERVER.attributes, "warden.event.id": id.toUpperCase() } };
    expect(events("warden-gateway", [span(gw, "6666666666666666", "00f067aa0ba902b7")])[0].event.id).toBe(id);
    expect(events("warden-gateway", [span({ ...gw, attributes: { ...gw.attributes, "warden.upstream.server": "github" } }, "6666666666666666")])[0].event.server).toBe("github");
    const notUuid: ExampleSpan = { ...STDIO_SERVER, attributes: { ...STDIO_SERVER.attributes, "warden.event.id": "nope" } };
    expect(events("s", [span(notUuid, "6666666666666666")])[0].event.id).toBe(deriveEventId({ traceId: TRACE, spanId: "6666666666666666" }));
  });

  it("reads the user from the configured attribute, then enduser.id, then user.id (each on the span before the resource), the team from its attribute", () => {
    const s: ExampleSpan = { ...STDIO_CLIENT, attributes: { ...STDIO_CLIENT.attributes, "user.id": "u-span", "app.team": "payments" } };
    expect(events("a", [span(s, "7777777777777777")], { teamAttribute: "app.team" }, { "enduser.id": "u-resource" })[0].event).toMatchObject({ userId: "u-resource", team: "payments" });
    expect(events("a", [span(s, "7777777777777777")], {}, { "user.id": "u-resource" })[0].event).toMatchObject({ userId: "u-span", team: null });
    expect(events("a", [span(s, "7777777777777777")], { userAttribute: "app.user" }, { "app.user": "carol" })[0].event.userId).toBe("carol");
  });

  it("redacts secrets and personal data in arguments and results (flags secret_redacted, pii_redacted) and caps them like JSON ingest", () => {
    const secret: ExampleSpan = {
      ...STDIO_CLIENT,
      attributes: {
        ...STDIO_CLIENT.attributes,
        "gen_ai.tool.call.arguments": JSON.stringify({ password: "hunter22", q: "x" }),
        "gen_ai.tool.call.result": "token ghp_0123456789abcdefghijklmnopqrstuvwxyzAB for bob@example.com",
      },
    };
    const [m] = events("a", [span(secret, "8888888888888888")]);
    expect(m.event.params).toEqual({ password: "[REDACTED:secret_field]", q: "x" });
    expect(m.event.resultSummary).toBe("token [REDACTED:github_token] for [REDACTED:email]");
    expect(m.event.riskFlags).toEqual(["secret_redacted", "pii_redacted"]);
    const big: ExampleSpan = { ...STDIO_CLIENT, attributes: { ...STDIO_CLIENT.attributes, "gen_ai.tool.call.arguments": JSON.stringify({ blob: "x".repeat(20_000) }), "gen_ai.tool.call.result": "y".repeat(5000) } };
    const [c] = events("a", [span(big, "9999999999999999")]);
    expect(c.event.params).toEqual({ "warden.omitted": expect.stringContaining("over the 16384-byte cap") });
    expect(c.event.resultSummary).toHaveLength(4000);
  });

  it("keeps non-JSON and non-object arguments under `arguments`", () => {
    const s: ExampleSpan = { ...STDIO_CLIENT, attributes: { ...STDIO_CLIENT.attributes, "gen_ai.tool.call.arguments": "not json" } };
    expect(events("a", [span(s, "aaaaaaaaaaaaaaaa")])[0].event.params).toEqual({ arguments: "not json" });
  });

  it("makes no event of initialize, tools/list, invoke_agent or chat spans", () => {
    expect(events("a", [span(INITIALIZE, "1000000000000001"), span(TOOLS_LIST, "1000000000000002"), span(INVOKE_AGENT, "1000000000000003"), span(CHAT, "1000000000000004")])).toEqual([]);
  });
});
