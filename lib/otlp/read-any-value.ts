import type { OtlpValue } from "./types";

/** Deeper kvlist/array nesting than this is cut (the value becomes null there): attributes are flat in practice. */
const MAX_VALUE_DEPTH = 32;

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v) && !(v instanceof Uint8Array);

const has = (o: object, key: string) => Object.hasOwn(o, key);

/** An int64: a JSON string or number, or a protobufjs Long (a decoded protobuf message). */
export function readInt64(v: unknown): bigint | null {
  if (typeof v === "string") return /^-?\d{1,20}$/.test(v) ? BigInt(v) : null;
  if (typeof v === "number") return Number.isFinite(v) ? BigInt(Math.trunc(v)) : null;
  if (typeof v === "object" && v !== null && "low" in v && "high" in v) return BigInt(String(v));
  return null;
}

/**
 * An OTLP AnyValue — in OTLP/JSON form, or a decoded protobufjs message (whose unset fields are defaults on
 * its prototype, hence the own-property checks) — as a plain value: int64 as a decimal string, kvlist as an
 * object, bytes as base64 text; null for an empty or unreadable value.
 */
export function readAnyValue(value: unknown, depth = 0): OtlpValue {
  if (!isObject(value) || depth > MAX_VALUE_DEPTH) return null;
  if (has(value, "stringValue") && typeof value.stringValue === "string") return value.stringValue;
  if (has(value, "boolValue") && typeof value.boolValue === "boolean") return value.boolValue;
  if (has(value, "intValue")) {
    const n = readInt64(value.intValue);
    return n === null ? null : n.toString();
  }
  if (has(value, "doubleValue")) {
    const v = value.doubleValue;
    return typeof v === "number" ? v : typeof v === "string" && v.trim() !== "" && !Number.isNaN(Number(v)) ? Number(v) : null;
  }
  if (has(value, "arrayValue") && isObject(value.arrayValue)) {
    const values = value.arrayValue.values;
    return Array.isArray(values) ? values.map((v) => readAnyValue(v, depth + 1)) : [];
  }
  if (has(value, "kvlistValue") && isObject(value.kvlistValue)) {
    const out: Record<string, OtlpValue> = Object.create(null);
    const values = value.kvlistValue.values;
    if (Array.isArray(values)) {
      for (const kv of values) if (isObject(kv) && typeof kv.key === "string" && !(kv.key in out)) out[kv.key] = readAnyValue(kv.value, depth + 1);
    }
    return { ...out };
  }
  if (has(value, "bytesValue")) {
    const v = value.bytesValue;
    return typeof v === "string" ? v : v instanceof Uint8Array ? Buffer.from(v.buffer, v.byteOffset, v.byteLength).toString("base64") : null;
  }
  return null;
}

/** OTLP `repeated KeyValue` (JSON form) as a map; the first of repeated keys wins. */
export function readAttributes(list: unknown): Map<string, OtlpValue> {
  const out = new Map<string, OtlpValue>();
  if (!Array.isArray(list)) return out;
  for (const kv of list) {
    if (isObject(kv) && typeof kv.key === "string" && !out.has(kv.key)) out.set(kv.key, readAnyValue(kv.value));
  }
  return out;
}
