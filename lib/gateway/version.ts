/** Reported in heartbeats and as the MCP serverInfo version. */
export const GATEWAY_VERSION = "1.0.0";
