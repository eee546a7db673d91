import { ApiError } from "../http/errors";
import { mayBeTooDeep } from "../http/parse-json-text";
import { loadOtlpTypes } from "./load-otlp-types";
import { normalizeOtlpSpan } from "./normalize-otlp-span";
import { readAttributes } from "./read-any-value";
import type { OtlpSpan, RejectedSpan } from "./types";

export type OtlpEncoding = "protobuf" | "json";

/** JSON nesting a request may have (ExportTraceServiceRequest → … → AnyValue is ≈ 10 levels before attributes nest). */
const MAX_JSON_DEPTH = 64;

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

function decodeProtobuf(body: Uint8Array): unknown {
  const { request } = loadOtlpTypes();
  try {
    // The decoded message is read as is (normalizeOtlpSpan and readAnyValue read both forms): converting it to
    // the JSON form first (toObject) cost about as much as decoding it.
    return request.decode(body);
  } catch (err) {
    const why = err instanceof RangeError ? "nested too deeply" : (err as Error).message;
    throw new ApiError("invalid_request", `The body is not a protobuf ExportTraceServiceRequest: ${why}.`);
  }
}

function decodeJson(body: Uint8Array): unknown {
  const text = new TextDecoder("utf-8").decode(body);
  if (mayBeTooDeep(text, MAX_JSON_DEPTH)) {
    throw new ApiError("invalid_request", `The JSON nests deeper than ${MAX_JSON_DEPTH} levels.`, { issues: [{ path: "(root)", message: "too deep" }] });
  }
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new ApiError("invalid_request", `Malformed JSON: ${(err as Error).message}`);
  }
}

function arrayAt(value: unknown, path: string): unknown[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw new ApiError("invalid_request", `${path} must be an array.`, { issues: [{ path, message: "expected an array" }] });
  return value;
}

/**
 * Decodes an OTLP/HTTP ExportTraceServiceRequest (protobuf, or OTLP/JSON: hex ids, int64 as strings or
 * numbers, unknown fields ignored) into normalised spans, and the spans that could not be read with why.
 * Throws 400 when the body as a whole cannot be decoded.
 */
export function decodeOtlpTraces(opts: { body: Uint8Array; encoding: OtlpEncoding }): { spans: OtlpSpan[]; rejected: RejectedSpan[] } {
  const root = opts.encoding === "protobuf" ? decodeProtobuf(opts.body) : decodeJson(opts.body);
  if (!isObject(root)) {
    throw new ApiError("invalid_request", "The body must be an ExportTraceServiceRequest object.", { issues: [{ path: "(root)", message: "expected an object" }] });
  }
  const idEncoding = opts.encoding === "protobuf" ? "bytes" : "hex";
  const spans: OtlpSpan[] = [];
  const rejected: RejectedSpan[] = [];
  arrayAt(root.resourceSpans, "resourceSpans").forEach((rs, r) => {
    if (!isObject(rs)) throw new ApiError("invalid_request", `resourceSpans[${r}] must be an object.`, { issues: [{ path: `resourceSpans[${r}]`, message: "expected an object" }] });
    const resource = readAttributes(isObject(rs.resource) ? rs.resource.attributes : undefined);
    arrayAt(rs.scopeSpans, `resourceSpans[${r}].scopeSpans`).forEach((ss, s) => {
      const path = `resourceSpans[${r}].scopeSpans[${s}]`;
      if (!isObject(ss)) throw new ApiError("invalid_request", `${path} must be an object.`, { issues: [{ path, message: "expected an object" }] });
      arrayAt(ss.spans, `${path}.spans`).forEach((span, i) => {
        const out = normalizeOtlpSpan({ span, resource, at: `${path}.spans[${i}]`, idEncoding });
        if ("reason" in out) rejected.push(out);
        else spans.push(out);
      });
    });
  });
  return { spans, rejected };
}
