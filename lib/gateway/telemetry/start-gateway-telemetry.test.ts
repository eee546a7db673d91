import { describe, expect, it } from "vitest";
import type { GatewayConfig } from "../config/schema";
import type { GatewayLog } from "../log";
import { startGatewayTelemetry } from "./start-gateway-telemetry";

const config = { mcpServers: {} } as unknown as GatewayConfig;
const lines: object[] = [];
const log = { info: (o: object) => void lines.push(o) } as unknown as GatewayLog;

describe("startGatewayTelemetry", () => {
  it("is off without an OTLP endpoint or with OTEL_SDK_DISABLED=true", async () => {
    expect(await startGatewayTelemetry({ env: {}, config, log })).toBeUndefined();
    expect(await startGatewayTelemetry({ env: { OTEL_EXPORTER_OTLP_ENDPOINT: "http://127.0.0.1:4318", OTEL_SDK_DISABLED: "true" }, config, log })).toBeUndefined();
  });

  it("refuses a protocol or endpoint it cannot honour, naming the variable", async () => {
    await expect(startGatewayTelemetry({ env: { OTEL_EXPORTER_OTLP_ENDPOINT: "http://127.0.0.1:4317", OTEL_EXPORTER_OTLP_PROTOCOL: "grpc" }, config, log })).rejects.toThrow(/OTEL_EXPORTER_OTLP_PROTOCOL: "grpc"/);
    await expect(startGatewayTelemetry({ env: { OTEL_EXPORTER_OTLP_ENDPOINT: "127.0.0.1:4318" }, config, log })).rejects.toThrow(/OTEL_EXPORTER_OTLP_ENDPOINT/);
  });

  it("exports to <endpoint>/v1/traces and logs where, never the headers", async () => {
    const t = await startGatewayTelemetry({ env: { OTEL_EXPORTER_OTLP_ENDPOINT: "http://127.0.0.1:4318/", OTEL_EXPORTER_OTLP_HEADERS: "Authorization=Bearer%20secret" }, config, log });
    expect(t).toBeDefined();
    await t!.shutdown();
    expect(lines.at(-1)).toEqual({ url: "http://127.0.0.1:4318/v1/traces", protocol: "http/protobuf" });
  });
});
