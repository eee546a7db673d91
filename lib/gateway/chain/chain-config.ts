// The gateway config the chain reads (the proxy's GatewayConfig maps onto it; see docs/gateway-chain.md).

export interface ToolOverride {
  /** Upstream name, glob (`*`, `?`, `{a,b}`). */
  server: string;
  /** Tool name, glob. */
  tool: string;
  costPerCallUsd?: number | string | null;
  timeoutMs?: number | null;
  rateLimitPerMinute?: number | null;
}

export interface ChainConfig {
  /** Forward timeout when neither the policy nor an override sets one. */
  defaultTimeoutMs: number;
  /** Per-tool overrides; the first that matches applies. Warden's central `tools[]` values win over these. */
  tools?: ToolOverride[];
  /** One bucket per user across all tools (calls per minute); none when unset. */
  rateLimitPerUserPerMinute?: number | null;
  /** Asked of Warden for new approval requests (Warden caps it at the rule's). */
  approvalTimeoutSeconds?: number;
  /** Long-poll length per request while waiting for a decision (≤ 60). Default 25. */
  approvalPollSeconds?: number;
  /** How often a waiting client gets a progress notification. Default 10 000 ms. */
  approvalProgressMs?: number;
  /** Expected `iss` of approval tokens (Warden's WARDEN_PUBLIC_URL); unchecked when unset. */
  approvalIssuer?: string;
}
