import pino from "pino";

// The gateway's logger: JSON lines to stderr (stdout is the MCP channel in --stdio mode). Log call ids,
// servers, tools, statuses and durations — never params, outputs, headers or tokens; the redaction below is
// a second line of defence for a field that slips through.
const REDACT = [
  "params",
  "*.params",
  "arguments",
  "*.arguments",
  "result",
  "*.result",
  "authorization",
  "*.authorization",
  "headers",
  "*.headers",
  "token",
  "*.token",
  "apiKey",
  "*.apiKey",
];

export type GatewayLog = pino.Logger;

export function createGatewayLog(o: { level?: string; destination?: number } = {}): GatewayLog {
  return pino(
    {
      level: o.level ?? process.env.LOG_LEVEL ?? "info",
      base: { app: "warden-gateway" },
      redact: { paths: REDACT, censor: "[redacted]" },
      timestamp: pino.stdTimeFunctions.isoTime,
    },
    pino.destination({ fd: o.destination ?? 2, sync: false }),
  );
}
