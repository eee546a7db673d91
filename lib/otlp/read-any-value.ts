import type { OtlpValue } from "./types";

/** Deeper kvlist/array nesting than this is cut (the value becomes null there): attributes are flat in practice. */
const MAX_VALUE_DEPTH = 32;

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/**
 * An OTLP AnyValue in its JSON form (protobuf requests are converted to it first) as a plain value: int64 as a
 * decimal string, kvlist as an object, bytes as base64 text; null for an empty or unreadable value.
 */
export function readAnyValue(value: unknown, depth = 0): OtlpValue {
  if (!isObject(value) || depth > MAX_VALUE_DEPTH) return null;
  if (typeof value.stringValue === "string") return value.stringValue;
  if (typeof value.boolValue === "boolean") return value.boolValue;
  if (value.intValue !== undefined) {
    const v = value.intValue;
    if (typeof v === "number" && Number.isFinite(v)) return String(Math.trunc(v));
    if (typeof v === "string" && /^-?\d{1,20}$/.test(v)) return String(BigInt(v));
    return null;
  }
  if (value.doubleValue !== undefined) {
    const v = value.doubleValue;
    return typeof v === "number" ? v : typeof v === "string" && v.trim() !== "" && !Number.isNaN(Number(v)) ? Number(v) : null;
  }
  if (isObject(value.arrayValue)) {
    const values = value.arrayValue.values;
    return Array.isArray(values) ? values.map((v) => readAnyValue(v, depth + 1)) : [];
  }
  if (isObject(value.kvlistValue)) {
    const out: Record<string, OtlpValue> = Object.create(null);
    const values = value.kvlistValue.values;
    if (Array.isArray(values)) {
      for (const kv of values) if (isObject(kv) && typeof kv.key === "string" && !(kv.key in out)) out[kv.key] = readAnyValue(kv.value, depth + 1);
    }
    return { ...out };
  }
  if (typeof value.bytesValue === "string") return value.bytesValue;
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
