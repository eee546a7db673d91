import { describe, expect, it } from "vitest";
import { HTTP_CLIENT_INVALID_PARAMS, STDIO_CLIENT, toOtlpJsonRequest, toOtlpJsonSpan } from "../../tests/fixtures/otlp/mcp-examples";
import { ApiError } from "../http/errors";
import { decodeOtlpTraces } from "./decode-otlp-traces";
import { loadOtlpTypes } from "./load-otlp-types";
import { pickCallSpans } from "./pick-call-spans";

const TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";
const json = (body: unknown) => new TextEncoder().encode(JSON.stringify(body));
const at = { startMs: Date.parse("2026-12-01T10:00:00Z"), durationMs: 5 };
const request = (spans: unknown[]) => toOtlpJsonRequest("agent", spans, { "deployment.count": 3 });

/** The same request as protobuf: ids as bytes (OTLP/JSON's hex), the rest as protobufjs reads OTLP/JSON's form. */
function toProtobuf(body: ReturnType<typeof request>): Uint8Array {
  const { request: type } = loadOtlpTypes();
  const copy = structuredClone(body) as any;
  for (const rs of copy.resourceSpans)
    for (const ss of rs.scopeSpans)
      for (const s of ss.spans) for (const k of ["traceId", "spanId", "parentSpanId"]) if (s[k]) s[k] = Buffer.from(s[k], "hex");
  return type.encode(type.fromObject(copy)).finish();
}

describe("decodeOtlpTraces", () => {
  it("normalises protobuf and OTLP/JSON to the same spans: hex ids, int64 as strings, enums as names", () => {
    const body = request([toOtlpJsonSpan(HTTP_CLIENT_INVALID_PARAMS, { traceId: TRACE, spanId: "00f067aa0ba902b7", parentSpanId: "1234567890abcdef" }, at)]);
    const fromJson = decodeOtlpTraces({ body: json(body), encoding: "json" });
    const fromProto = decodeOtlpTraces({ body: toProtobuf(body), encoding: "protobuf" });
    expect(fromProto).toEqual(fromJson);
    const [span] = fromJson.spans;
    expect(span).toMatchObject({
      traceId: TRACE, spanId: "00f067aa0ba902b7", parentSpanId: "1234567890abcdef", kind: "client", status: { code: "error", message: "Invalid params: location must be a city" },
      startTimeUnixNano: `${at.startMs}000000`, endTimeUnixNano: `${at.startMs + 5}000000`,
    });
    expect(span.attributes.get("server.port")).toBe("443");
    expect(span.resource.get("deployment.count")).toBe("3");
  });

  it("keeps nanosecond times exact beyond 2^53 in both encodings", () => {
    const body = request([{ ...toOtlpJsonSpan(STDIO_CLIENT, { traceId: TRACE, spanId: "00f067aa0ba902b7" }, at), startTimeUnixNano: "1796119200123456789", endTimeUnixNano: "1796119200123456999" }]);
    for (const decoded of [decodeOtlpTraces({ body: json(body), encoding: "json" }), decodeOtlpTraces({ body: toProtobuf(body), encoding: "protobuf" })]) {
      expect(decoded.spans[0]).toMatchObject({ startTimeUnixNano: "1796119200123456789", endTimeUnixNano: "1796119200123456999" });
    }
  });

  it("rejects, with a reason, a JSON span with base64 ids and a span without a span id; keeps the good spans", () => {
    const good = toOtlpJsonSpan(STDIO_CLIENT, { traceId: TRACE, spanId: "00f067aa0ba902b7" }, at);
    const base64 = { ...good, traceId: Buffer.from(TRACE, "hex").toString("base64") };
    const noSpanId = { ...good, spanId: undefined };
    const { spans, rejected } = decodeOtlpTraces({ body: json(request([base64, good, noSpanId])), encoding: "json" });
    expect(spans.map((s) => s.spanId)).toEqual(["00f067aa0ba902b7"]);
    expect(rejected).toEqual([
      { at: "resourceSpans[0].scopeSpans[0].spans[0]", reason: "traceId must be 32 hex digits (OTLP/JSON sends ids as hex, not base64)" },
      { at: "resourceSpans[0].scopeSpans[0].spans[2]", reason: "spanId is missing" },
    ]);
  });

  it("rejects all-zero ids, missing times and an end before the start", () => {
    const good = toOtlpJsonSpan(STDIO_CLIENT, { traceId: TRACE, spanId: "00f067aa0ba902b7" }, at);
    const { rejected } = decodeOtlpTraces({
      body: json(request([{ ...good, traceId: "0".repeat(32) }, { ...good, startTimeUnixNano: undefined }, { ...good, endTimeUnixNano: "1" }])),
      encoding: "json",
    });
    expect(rejected.map((r) => r.reason)).toEqual(["traceId must not be all zeros", "startTimeUnixNano is missing", "endTimeUnixNano is before startTimeUnixNano"]);
  });

  it("keeps a NUL in an attribute as text (the event's validation refuses it if it would be stored)", () => {
    const s = toOtlpJsonSpan({ ...STDIO_CLIENT, attributes: { ...STDIO_CLIENT.attributes, "gen_ai.tool.name": "get\u0000weather" } }, { traceId: TRACE, spanId: "00f067aa0ba902b7" }, at);
    const { spans } = decodeOtlpTraces({ body: json(request([s])), encoding: "json" });
    expect(pickCallSpans({ spans })[0].span.attributes.get("gen_ai.tool.name")).toBe("get\u0000weather");
  });

  it("answers 400 to an undecodable protobuf body, malformed or too deep JSON and a non-object root", () => {
    const cases: [Uint8Array, "protobuf" | "json"][] = [
      [Uint8Array.from([0x0a, 0xff, 0xff, 0xff, 0xff, 0x0f, 0x01]), "protobuf"],
      [json("{").slice(1), "json"],
      [new TextEncoder().encode('{"resourceSpans":' + "[".repeat(100) + "]".repeat(100) + "}"), "json"],
      [json([1, 2]), "json"],
      [json({ resourceSpans: {} }), "json"],
    ];
    for (const [body, encoding] of cases) {
      let err: unknown;
      try {
        decodeOtlpTraces({ body, encoding });
      } catch (e) {
        err = e;
      }
      expect(err, `${encoding} ${Buffer.from(body).toString("hex").slice(0, 40)}`).toBeInstanceOf(ApiError);
      expect((err as ApiError).status).toBe(400);
    }
  });

  it("ignores unknown fields (OTLP/JSON receivers must) and accepts an empty request", () => {
    expect(decodeOtlpTraces({ body: json({ futureField: 1 }), encoding: "json" })).toEqual({ spans: [], rejected: [] });
    expect(decodeOtlpTraces({ body: new Uint8Array(), encoding: "protobuf" })).toEqual({ spans: [], rejected: [] });
  });
});
