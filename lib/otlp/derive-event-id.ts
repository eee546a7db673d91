import * as crypto from "node:crypto";

// crypto.hash (one shot, Node ≥ 20.12) is several times cheaper than createHash for a short input.
const sha1 = (data: Buffer): Buffer =>
  typeof crypto.hash === "function" ? (crypto.hash("sha1", data, "buffer") as Buffer) : crypto.createHash("sha1").update(data).digest();

/** The UUIDv5 namespace of events derived from OTLP spans (a fixed random UUID; never change it). */
export const OTLP_EVENT_NAMESPACE = "6f1d3b52-8f0e-4c4e-9b39-5e2a7c0d4a61";

/** RFC 9562 UUIDv5 (SHA-1) of `name` in `namespace`. */
export function uuidV5(name: string, namespace: string): string {
  const ns = Buffer.from(namespace.replace(/-/g, ""), "hex");
  const hash = sha1(Buffer.concat([ns, Buffer.from(name, "utf8")]));
  hash[6] = (hash[6] & 0x0f) | 0x50;
  hash[8] = (hash[8] & 0x3f) | 0x80;
  const h = hash.subarray(0, 16).toString("hex");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/**
 * The event id of the tool call whose client span is `spanId` in `traceId` (both lowercase hex): the same
 * for every export of that span, and for the server span of the same call (keyed on its parent, the client
 * span), so re-sent spans and the other side of the call are duplicates, never second events.
 */
export function deriveEventId(opts: { traceId: string; spanId: string }): string {
  return uuidV5(`${opts.traceId.toLowerCase()}:${opts.spanId.toLowerCase()}`, OTLP_EVENT_NAMESPACE);
}
