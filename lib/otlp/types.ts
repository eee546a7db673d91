// The one shape both OTLP encodings are normalised to (decode-otlp-traces.ts): ids as lowercase hex, int64
// values (times, intValue attributes) as decimal strings, enums as names. The mapping to events reads only this.

/** An attribute value: stringValue, boolValue, intValue (a decimal string), doubleValue, arrayValue,
 * kvlistValue (an object), bytesValue (base64), or null for an empty AnyValue. */
export type OtlpValue = string | number | boolean | null | OtlpValue[] | { [key: string]: OtlpValue };

export type OtlpSpanKind = "unspecified" | "internal" | "server" | "client" | "producer" | "consumer";
export const SPAN_KINDS: readonly OtlpSpanKind[] = ["unspecified", "internal", "server", "client", "producer", "consumer"];

export type OtlpStatusCode = "unset" | "ok" | "error";
export const STATUS_CODES: readonly OtlpStatusCode[] = ["unset", "ok", "error"];

export interface OtlpSpan {
  /** Where the span was in the request (resourceSpans/scopeSpans/spans indexes), for rejection reasons. */
  at: string;
  traceId: string;
  spanId: string;
  parentSpanId: string | null;
  name: string;
  kind: OtlpSpanKind;
  startTimeUnixNano: string;
  endTimeUnixNano: string;
  attributes: ReadonlyMap<string, OtlpValue>;
  /** The resource's attributes (service.name, …). */
  resource: ReadonlyMap<string, OtlpValue>;
  status: { code: OtlpStatusCode; message: string | null };
}

/** A span the receiver could not accept, reported in the response's partial_success. */
export interface RejectedSpan {
  at: string;
  reason: string;
}
