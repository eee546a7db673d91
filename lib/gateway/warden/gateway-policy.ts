import { z } from "zod";
import { GetPolicyResponse } from "../../policy/schema";

// GET /api/v1/policy as the gateway reads it: Warden's contract, with every field added after the first
// gateway release optional, so a gateway also works against a Warden that does not send them yet:
// - per-tool settings (cost, timeout, rate limit);
// - the tool inventory (issue 17): each tool's `status` and `approvedFingerprint`, the servers' trust
//   policies, `defaultTrustPolicy` and the kill switch.
// A Warden without the inventory sends no `defaultTrustPolicy`: the gateway then treats every server as
// `trust-on-first-use` (tools shown, a definition that changes while the gateway runs is still caught by the
// gateway's own pins). A Warden with the inventory always sends it (its default is `review`).

export const TRUST_POLICIES = ["review", "trust-on-first-use", "open"] as const;
export type TrustPolicy = (typeof TRUST_POLICIES)[number];
export const TOOL_STATUSES = ["approved", "pending", "blocked"] as const;
export type ToolStatus = (typeof TOOL_STATUSES)[number];

const PolicyTool = z.object({
  server: z.string(),
  tool: z.string(),
  costPerCallUsd: z.string().nullable().default(null),
  timeoutMs: z.number().nullable().default(null),
  rateLimitPerMinute: z.number().nullable().default(null),
  /** Inventory status of this server × tool; absent: no inventory entry (the server's trust policy decides). */
  status: z.enum(TOOL_STATUSES).optional(),
  /** fingerprintTool() of the approved version; a listed tool with another fingerprint is a changed tool. */
  approvedFingerprint: z.string().nullable().optional(),
});

export const GatewayPolicySchema = GetPolicyResponse.extend({
  tools: z.array(PolicyTool).default([]),
  servers: z.array(z.object({ server: z.string(), trustPolicy: z.enum(TRUST_POLICIES) })).optional(),
  /** Absent (a Warden without the inventory): trust-on-first-use, see above (trustPolicyOf). */
  defaultTrustPolicy: z.enum(TRUST_POLICIES).optional(),
  killSwitch: z
    .object({ users: z.array(z.string()).default([]), agents: z.array(z.string()).default([]), gateway: z.boolean().default(false) })
    .optional(),
});
export type GatewayPolicy = z.infer<typeof GatewayPolicySchema>;
export type GatewayPolicyTool = GatewayPolicy["tools"][number];

/** The trust policy that applies to a server's tools without an inventory entry. */
export function trustPolicyOf(policy: Pick<GatewayPolicy, "servers" | "defaultTrustPolicy">, server: string): TrustPolicy {
  return policy.servers?.find((s) => s.server === server)?.trustPolicy ?? policy.defaultTrustPolicy ?? "trust-on-first-use";
}
