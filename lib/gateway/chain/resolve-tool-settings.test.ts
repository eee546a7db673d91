import { describe, expect, it } from "vitest";
import { resolveToolSettings } from "./resolve-tool-settings";
import type { GatewayPolicy } from "../warden/gateway-policy";

const policy = (tools: GatewayPolicy["tools"]): GatewayPolicy => ({ gatewayId: "00000000-0000-4000-8000-000000000000", patternSyntax: "glob", approvalRules: [], blockedTools: [], budgets: [], tools });
const config = { defaults: { timeoutMs: 60_000 }, tools: { "fs/write_*": { costPerCallUsd: 0.1, timeoutMs: 5_000, rateLimitPerMinute: 10 }, "*/*": { timeoutMs: 30_000 } } };

describe("resolveToolSettings", () => {
  it("takes each value from Warden's central settings first, then the first matching config override, then the default", () => {
    const p = policy([{ server: "fs", tool: "write_file", costPerCallUsd: "0.5", timeoutMs: null, rateLimitPerMinute: 2 }]);
    expect(resolveToolSettings({ policy: p, config, server: "fs", tool: "write_file" })).toEqual({ costPerCallUsd: 0.5, timeoutMs: 5_000, rateLimitPerMinute: 2 });
    expect(resolveToolSettings({ policy: p, config, server: "fs", tool: "write_dir" })).toEqual({ costPerCallUsd: 0.1, timeoutMs: 5_000, rateLimitPerMinute: 10 });
    expect(resolveToolSettings({ policy: p, config, server: "mail", tool: "send" })).toEqual({ costPerCallUsd: null, timeoutMs: 30_000, rateLimitPerMinute: null });
    expect(resolveToolSettings({ policy: null, config: { defaults: { timeoutMs: 1234 } }, server: "x", tool: "y" })).toEqual({ costPerCallUsd: null, timeoutMs: 1234, rateLimitPerMinute: null });
  });

  it("treats a zero or unreadable cost as no cost", () => {
    const p = policy([{ server: "a", tool: "b", costPerCallUsd: "0", timeoutMs: null, rateLimitPerMinute: null }]);
    expect(resolveToolSettings({ policy: p, config: { defaults: { timeoutMs: 1 } }, server: "a", tool: "b" }).costPerCallUsd).toBeNull();
  });
});
