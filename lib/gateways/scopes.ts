// What a gateway API key may do (client-safe: no Node imports, so forms can list them).
export const API_SCOPES = ["events:write", "approvals:write", "spend:write", "policy:read", "heartbeat:write", "tools:write", "otlp:write"] as const;
export type ApiScope = (typeof API_SCOPES)[number];

/** What each scope allows, for the key forms. */
export const API_SCOPE_LABELS: Record<ApiScope, string> = {
  "events:write": "send audit events",
  "approvals:write": "request and cancel approvals",
  "spend:write": "authorize and release spend",
  "policy:read": "read the policy",
  "heartbeat:write": "report heartbeats",
  "tools:write": "report upstream tool lists",
  "otlp:write": "send OpenTelemetry traces (OTLP/HTTP)",
};
