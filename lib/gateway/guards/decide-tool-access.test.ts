import { describe, expect, it } from "vitest";
import type { GatewayPolicy } from "../warden/gateway-policy";
import { decideToolAccess } from "./decide-tool-access";

type PolicyPart = Pick<GatewayPolicy, "tools" | "servers" | "defaultTrustPolicy">;
const entry = (over: Partial<GatewayPolicy["tools"][number]>) => ({ server: "s", tool: "t", costPerCallUsd: null, timeoutMs: null, rateLimitPerMinute: null, ...over });
const decide = (policy: Partial<PolicyPart>, o: { fingerprint?: string; pinned?: string } = {}) =>
  decideToolAccess({ policy: { tools: [], ...policy }, server: "s", tool: "t", fingerprint: o.fingerprint ?? "sha256:v1", pinned: o.pinned });

describe("decideToolAccess (a listed tool is shown and callable)", () => {
  it("an older Warden (no inventory fields): trust-on-first-use, so tools are shown", () => {
    expect(decide({})).toEqual({ allowed: true });
  });

  it("an older Warden: a tool whose fingerprint changed since this gateway pinned it is tool_changed", () => {
    expect(decide({}, { fingerprint: "sha256:v2", pinned: "sha256:v1" })).toMatchObject({ allowed: false, errorType: "tool_changed", flag: "tool_changed" });
  });

  it("review (Warden's default): a tool without an inventory entry is hidden as tool_unapproved", () => {
    expect(decide({ defaultTrustPolicy: "review" })).toMatchObject({ allowed: false, errorType: "tool_unapproved" });
  });

  it("a server's own trust policy wins over the default", () => {
    expect(decide({ defaultTrustPolicy: "review", servers: [{ server: "s", trustPolicy: "trust-on-first-use" }] })).toEqual({ allowed: true });
    expect(decide({ defaultTrustPolicy: "open", servers: [{ server: "s", trustPolicy: "review" }] })).toMatchObject({ allowed: false, errorType: "tool_unapproved" });
  });

  it("approved with the approved fingerprint: shown (also after a local change Warden approved)", () => {
    expect(decide({ defaultTrustPolicy: "review", tools: [entry({ status: "approved", approvedFingerprint: "sha256:v2" })] }, { fingerprint: "sha256:v2", pinned: "sha256:v1" })).toEqual({ allowed: true });
  });

  it("approved, but the listed fingerprint is not the approved one: tool_changed (whatever the trust policy)", () => {
    for (const trust of ["review", "trust-on-first-use", "open"] as const)
      expect(decide({ defaultTrustPolicy: trust, tools: [entry({ status: "approved", approvedFingerprint: "sha256:v1" })] }, { fingerprint: "sha256:v2" })).toMatchObject({
        allowed: false,
        errorType: "tool_changed",
      });
  });

  it("pending is tool_unapproved; pending with another approved version is tool_changed", () => {
    expect(decide({ tools: [entry({ status: "pending", approvedFingerprint: null })] })).toMatchObject({ allowed: false, errorType: "tool_unapproved" });
    expect(decide({ tools: [entry({ status: "pending", approvedFingerprint: "sha256:v0" })] })).toMatchObject({ allowed: false, errorType: "tool_changed" });
  });

  it("blocked is refused as policy_blocked, even under open", () => {
    expect(decide({ defaultTrustPolicy: "open", tools: [entry({ status: "blocked", approvedFingerprint: "sha256:v1" })] })).toMatchObject({ allowed: false, errorType: "policy_blocked" });
  });

  it("per-tool settings without a status are not inventory entries", () => {
    expect(decide({ defaultTrustPolicy: "open", tools: [entry({ costPerCallUsd: "0.01" })] })).toEqual({ allowed: true });
    expect(decide({ defaultTrustPolicy: "review", tools: [entry({ costPerCallUsd: "0.01" })] })).toMatchObject({ allowed: false, errorType: "tool_unapproved" });
  });
});
