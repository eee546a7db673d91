// W3C trace context in an MCP request's `params._meta` (MCP semantic conventions, SEP-414): the trace id of
// a valid `traceparent`, so the gateway's event carries the caller's trace even when OTel export is off.

const TRACEPARENT = /^[0-9a-f]{2}-([0-9a-f]{32})-[0-9a-f]{16}-[0-9a-f]{2}(-.*)?$/;

/** The trace id (32 lowercase hex digits) of `_meta.traceparent`; undefined when absent or invalid (version ff, all-zero ids). */
export function traceIdFromMeta(meta: Record<string, unknown> | undefined): string | undefined {
  const tp = meta?.traceparent;
  if (typeof tp !== "string" || tp.length > 512) return undefined;
  const m = TRACEPARENT.exec(tp.trim());
  if (!m || tp.startsWith("ff") || /^0+$/.test(m[1]) || /-0{16}-/.test(tp)) return undefined;
  return m[1];
}
