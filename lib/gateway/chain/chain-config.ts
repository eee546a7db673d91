// The part of the gateway config (lib/gateway/config/schema.ts GatewayConfig) the chain reads. The proxy
// passes its GatewayConfig as is; the optional blocks below are read when present.

export interface ToolOverride {
  costPerCallUsd?: number | string | null;
  timeoutMs?: number | null;
  rateLimitPerMinute?: number | null;
}

export interface ChainConfig {
  /** Forward timeout when neither the policy nor an override sets one. */
  defaults: { timeoutMs: number };
  /** Per-tool overrides keyed "server/tool" (each part may be a glob: `*`, `?`, `{a,b}`); the first match applies. Warden's central `tools[]` values win. */
  tools?: Record<string, ToolOverride>;
  /** One bucket per user across all tools (calls per minute); none when unset. */
  rateLimits?: { perUserPerMinute?: number | null };
  approvals?: {
    /** Asked of Warden for new approval requests (Warden caps it at the rule's). */
    timeoutSeconds?: number;
    /** Long-poll length per request while waiting for a decision (1–60). Default 25. */
    pollSeconds?: number;
    /** How often a waiting client gets a progress notification. Default 10 000 ms. */
    progressMs?: number;
    /** Expected `iss` of approval tokens (Warden's WARDEN_PUBLIC_URL); unchecked when unset. */
    issuer?: string;
    /** 2026-07-28 clients: how long one round of an approval wait lasts before `input_required` (1–300). Default 50. */
    holdRoundSeconds?: number;
  };
}
