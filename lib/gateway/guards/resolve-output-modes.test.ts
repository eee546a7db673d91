import { describe, expect, it } from "vitest";
import { GatewayConfig } from "../config/schema";
import { resolveOutputModes } from "./resolve-output-modes";

describe("output modes (gateway config guards)", () => {
  const base = { warden: { url: "http://127.0.0.1:1" }, mcpServers: { s: { command: "node" } } };
  it("default: redact secrets and PII, fence injected instructions; the heavy rules on outputs on", () => {
    const c = GatewayConfig.parse(base);
    expect(c.guards).toEqual({ enabled: true, outputs: { dlp: "redact", injection: "fence" }, tools: {}, heavyOutputs: { enabled: true, maxQueued: 200, maxChars: 16_384, nice: 19 } });
    expect(GatewayConfig.parse({ ...base, guards: { heavyOutputs: { enabled: false } } }).guards.heavyOutputs.enabled).toBe(false);
    expect(resolveOutputModes(c.guards, "any", "tool")).toEqual({ dlp: "redact", injection: "fence" });
  });

  it("per server/tool globs, first match, unset fields from outputs; unknown modes refused", () => {
    const c = GatewayConfig.parse({ ...base, guards: { outputs: { dlp: "detect" }, tools: { "web/*": { injection: "block" }, "*/get-env": { dlp: "block" } } } });
    expect(resolveOutputModes(c.guards, "web", "fetch")).toEqual({ dlp: "detect", injection: "block" });
    expect(resolveOutputModes(c.guards, "everything", "get-env")).toEqual({ dlp: "block", injection: "fence" });
    expect(GatewayConfig.safeParse({ ...base, guards: { outputs: { injection: "ignore" } } }).success).toBe(false);
  });
});
