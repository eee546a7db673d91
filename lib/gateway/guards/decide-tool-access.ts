import { trustPolicyOf, type GatewayPolicy } from "../warden/gateway-policy";

// Whether a listed tool is shown to clients and may be called (issue 17, the list stage). Pure.
// A tool is shown iff
//   - Warden's inventory approved it and its fingerprint is the approved one, or
//   - it has no inventory entry and its server's trust policy is `trust-on-first-use` or `open`,
// and, when Warden has no approved fingerprint for it, its fingerprint is the one this gateway pinned when it
// first listed the tool (a definition that changes while the gateway runs is a changed tool before Warden's
// policy catches up). Hidden tools are refused when called: pending or unknown under `review` →
// `tool_unapproved`; changed → `tool_changed`; blocked → `policy_blocked`.

export type ToolAccess =
  | { allowed: true }
  | { allowed: false; errorType: "tool_unapproved" | "tool_changed" | "policy_blocked"; flag: string; reason: string };

export function decideToolAccess(o: {
  policy: Pick<GatewayPolicy, "tools" | "servers" | "defaultTrustPolicy">;
  server: string;
  tool: string;
  /** fingerprintTool() of the definition the upstream lists now. */
  fingerprint: string;
  /** The fingerprint this gateway saw first for this tool (undefined: none yet). */
  pinned?: string;
}): ToolAccess {
  const { server, tool, fingerprint } = o;
  const entry = o.policy.tools.find((t) => t.status !== undefined && t.server === server && t.tool === tool);
  const what = `${server}/${tool}`;
  if (entry?.status === "blocked") return { allowed: false, errorType: "policy_blocked", flag: "policy_blocked", reason: `Warden's tool inventory blocks ${what}.` };
  const approved = entry?.approvedFingerprint ?? null;
  if (approved !== null && approved !== fingerprint) return changed(what, "its definition differs from the version approved in Warden");
  if (entry?.status === "pending")
    return { allowed: false, errorType: "tool_unapproved", flag: "tool_unapproved", reason: `${what} is waiting for approval in Warden's tool inventory.` };
  if (!entry && trustPolicyOf(o.policy, server) === "review")
    return { allowed: false, errorType: "tool_unapproved", flag: "tool_unapproved", reason: `${what} is new and its server's trust policy is review: it waits for approval in Warden's tool inventory.` };
  if (approved === null && o.pinned !== undefined && o.pinned !== fingerprint) return changed(what, "its definition changed while this gateway was running");
  return { allowed: true };
}

function changed(what: string, why: string): ToolAccess {
  return { allowed: false, errorType: "tool_changed", flag: "tool_changed", reason: `${what} changed (${why}): it is blocked until someone approves the new version in Warden.` };
}
