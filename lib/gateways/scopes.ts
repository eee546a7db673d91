// What a gateway API key may do (client-safe: no Node imports, so forms can list them).
export const API_SCOPES = ["events:write", "approvals:write", "spend:write", "policy:read"] as const;
export type ApiScope = (typeof API_SCOPES)[number];
