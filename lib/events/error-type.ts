// The explorer's "error type" of an event, derived from its error fields (pure, isomorphic; the same mapping
// runs in SQL as ERROR_TYPE_SQL in error-type-sql.ts, for the facet counts and the errorType filter).
//
//   1. the gateway's errorType, trimmed, when it sent one: Warden Gateway sends closed snake_case names
//      (timeout, tool_error, upstream_error, policy_blocked, budget_exceeded, approval_denied, rate_limited, …);
//      a JSON-RPC error code sent as a number ("-32602", e.g. by OTLP senders) is named (invalid_params);
//   2. else by status: ok → none; timeout → "timeout"; blocked → "blocked"; denied → "denied";
//      error → "unknown_error" (a failure that named no type).
// docs/events-explorer.md lists the table.

export const JSON_RPC_ERROR_NAMES: Readonly<Record<string, string>> = {
  "-32700": "parse_error",
  "-32600": "invalid_request",
  "-32601": "method_not_found",
  "-32602": "invalid_params",
  "-32603": "internal_error",
  "-32001": "request_timeout",
  "-32002": "resource_not_found",
};

const BY_STATUS: Readonly<Record<string, string | null>> = {
  ok: null,
  timeout: "timeout",
  blocked: "blocked",
  denied: "denied",
  error: "unknown_error",
};

export function deriveErrorType(e: { status: string; errorType: string | null | undefined }): string | null {
  const sent = e.errorType?.trim();
  if (sent) return JSON_RPC_ERROR_NAMES[sent] ?? sent;
  return e.status in BY_STATUS ? BY_STATUS[e.status] : "unknown_error";
}
