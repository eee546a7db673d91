import type { GatewayConfig } from "../config/schema";
import type { GatewayLog } from "../log";
import { GATEWAY_VERSION } from "../version";
import type { GatewayTelemetry } from "./types";
import type { UpstreamAddress } from "./create-otel-telemetry";

// OpenTelemetry export of the gateway's calls, configured by the standard OTel environment variables. Without
// OTEL_EXPORTER_OTLP_ENDPOINT (or OTEL_EXPORTER_OTLP_TRACES_ENDPOINT), or with OTEL_SDK_DISABLED=true,
// nothing is loaded: the SDK modules are imported only here, dynamically, when export is on.

const PROTOCOLS = ["http/protobuf", "http/json"] as const;

/** The gateway's telemetry, or undefined when OTLP export is not configured. Throws on a setting it cannot honour. */
export async function startGatewayTelemetry(o: { env: Record<string, string | undefined>; config: GatewayConfig; log: GatewayLog }): Promise<GatewayTelemetry | undefined> {
  const { env } = o;
  if ((env.OTEL_SDK_DISABLED ?? "").trim().toLowerCase() === "true") return undefined;
  const base = env.OTEL_EXPORTER_OTLP_ENDPOINT?.trim();
  const tracesUrl = env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT?.trim() || (base ? `${base.replace(/\/+$/, "")}/v1/traces` : undefined);
  if (!tracesUrl) return undefined;
  if (!/^https?:\/\//i.test(tracesUrl)) throw new Error(`OTEL_EXPORTER_OTLP_ENDPOINT: "${tracesUrl}" is not an http(s) URL (the gateway exports OTLP over HTTP)`);
  const protocol = (env.OTEL_EXPORTER_OTLP_TRACES_PROTOCOL || env.OTEL_EXPORTER_OTLP_PROTOCOL || "http/protobuf").trim();
  if (!(PROTOCOLS as readonly string[]).includes(protocol))
    throw new Error(`OTEL_EXPORTER_OTLP_PROTOCOL: "${protocol}" is not supported by warden-gateway (use ${PROTOCOLS.join(" or ")})`);
  const { parseKeyPairsIntoRecord } = await import("@opentelemetry/core");
  const headers = { ...parseKeyPairsIntoRecord(env.OTEL_EXPORTER_OTLP_HEADERS), ...parseKeyPairsIntoRecord(env.OTEL_EXPORTER_OTLP_TRACES_HEADERS) };
  const exporterConfig = { url: tracesUrl, headers };
  const exporter =
    protocol === "http/json"
      ? new (await import("@opentelemetry/exporter-trace-otlp-http")).OTLPTraceExporter(exporterConfig)
      : new (await import("@opentelemetry/exporter-trace-otlp-proto")).OTLPTraceExporter(exporterConfig);
  const { createOtelTelemetry } = await import("./create-otel-telemetry");
  const delay = Number(env.OTEL_BSP_SCHEDULE_DELAY);
  const telemetry = createOtelTelemetry({
    exporter,
    serviceName: env.OTEL_SERVICE_NAME?.trim() || "warden-gateway",
    serviceVersion: GATEWAY_VERSION,
    upstreamAddress: (server) => upstreamAddress(o.config, server),
    scheduleDelayMillis: Number.isFinite(delay) && delay > 0 ? delay : undefined,
  });
  // Where spans go, never the headers (they hold the receiver's credentials).
  o.log.info({ url: tracesUrl, protocol }, "OpenTelemetry: exporting the gateway's spans");
  return telemetry;
}

function upstreamAddress(config: GatewayConfig, server: string): UpstreamAddress | undefined {
  const s = config.mcpServers[server] as { url?: string } | undefined;
  if (!s) return undefined;
  if (!s.url) return { transport: "pipe" };
  const u = new URL(s.url);
  return { transport: "tcp", address: u.hostname, port: u.port ? Number(u.port) : u.protocol === "https:" ? 443 : 80 };
}
