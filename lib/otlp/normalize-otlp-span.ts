import { readAttributes, readInt64 } from "./read-any-value";
import { SPAN_KINDS, STATUS_CODES, type OtlpSpan, type OtlpSpanKind, type OtlpStatusCode, type OtlpValue, type RejectedSpan } from "./types";

// One span of a request (in OTLP/JSON form, or a decoded protobufjs message) as an OtlpSpan, or the reason it
// cannot be one. Ids: OTLP/JSON sends them as hex (not proto3 JSON's base64); a protobuf message holds bytes
// (idEncoding "bytes"). Times are uint64 nanoseconds (a string or number in JSON, a Long in a message).

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v) && !(v instanceof Uint8Array);
const U64_MAX = 2n ** 64n - 1n;
const HEX = /^[0-9a-fA-F]+$/;

function readId(value: unknown, field: string, bytes: number, encoding: "hex" | "bytes"): string | { reason: string } | null {
  if (value === undefined || value === null || value === "") return null;
  let hex: string;
  if (encoding === "bytes") {
    if (Array.isArray(value) && value.length === 0) return null; // protobufjs' default of an unset bytes field
    if (!(value instanceof Uint8Array)) return { reason: `${field} must be bytes` };
    if (value.byteLength === 0) return null;
    if (value.byteLength !== bytes) return { reason: `${field} must be ${bytes} bytes (got ${value.byteLength})` };
    hex = Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString("hex");
  } else {
    if (typeof value !== "string") return { reason: `${field} must be a string of ${bytes * 2} hex digits` };
    if (value.length !== bytes * 2 || !HEX.test(value)) {
      const looksBase64 = /^[A-Za-z0-9+/]+={0,2}$/.test(value) && Buffer.from(value, "base64").length === bytes;
      return {
        reason: `${field} must be ${bytes * 2} hex digits${looksBase64 ? " (OTLP/JSON sends ids as hex, not base64)" : ""}`,
      };
    }
    hex = value.toLowerCase();
  }
  if (/^0+$/.test(hex)) return { reason: `${field} must not be all zeros` };
  return hex;
}

function readNanos(value: unknown, field: string): string | { reason: string } {
  if (value === undefined || value === null || value === "") return { reason: `${field} is missing` };
  const n = readInt64(value);
  if (n === null || n < 0n || n > U64_MAX) return { reason: `${field} must be an unsigned 64-bit count of nanoseconds` };
  if (n === 0n) return { reason: `${field} is missing` };
  return n.toString();
}

function readEnum<T extends string>(value: unknown, names: readonly T[], prefix: string): T | null {
  if (value === undefined || value === null) return names[0];
  if (typeof value === "number" && Number.isInteger(value)) return names[value] ?? null;
  if (typeof value === "string") {
    const name = value.startsWith(prefix) ? value.slice(prefix.length).toLowerCase() : null;
    return names.find((n) => n === name) ?? null;
  }
  return null;
}

/** Normalises one span; `resource` is its ResourceSpans' resource attributes, `at` its place in the request. */
export function normalizeOtlpSpan(opts: {
  span: unknown;
  resource: ReadonlyMap<string, OtlpValue>;
  at: string;
  idEncoding: "hex" | "bytes";
}): OtlpSpan | RejectedSpan {
  const { span, at } = opts;
  const reject = (reason: string): RejectedSpan => ({ at, reason });
  if (!isObject(span)) return reject("a span must be an object");
  const traceId = readId(span.traceId, "traceId", 16, opts.idEncoding);
  if (traceId === null) return reject("traceId is missing");
  if (typeof traceId === "object") return reject(traceId.reason);
  const spanId = readId(span.spanId, "spanId", 8, opts.idEncoding);
  if (spanId === null) return reject("spanId is missing");
  if (typeof spanId === "object") return reject(spanId.reason);
  const parentSpanId = readId(span.parentSpanId, "parentSpanId", 8, opts.idEncoding);
  if (parentSpanId !== null && typeof parentSpanId === "object") return reject(parentSpanId.reason);
  const start = readNanos(span.startTimeUnixNano, "startTimeUnixNano");
  if (typeof start === "object") return reject(start.reason);
  const end = readNanos(span.endTimeUnixNano, "endTimeUnixNano");
  if (typeof end === "object") return reject(end.reason);
  if (BigInt(end) < BigInt(start)) return reject("endTimeUnixNano is before startTimeUnixNano");
  const kind = readEnum<OtlpSpanKind>(span.kind, SPAN_KINDS, "SPAN_KIND_");
  if (!kind) return reject("kind is not a SpanKind (0–5)");
  const status = isObject(span.status) ? span.status : {};
  const code = readEnum<OtlpStatusCode>(status.code, STATUS_CODES, "STATUS_CODE_");
  if (!code) return reject("status.code is not a StatusCode (0–2)");
  return {
    at,
    traceId,
    spanId,
    parentSpanId,
    name: typeof span.name === "string" ? span.name : "",
    kind,
    startTimeUnixNano: start,
    endTimeUnixNano: end,
    attributes: readAttributes(span.attributes),
    resource: opts.resource,
    status: { code, message: typeof status.message === "string" && status.message ? status.message : null },
  };
}
