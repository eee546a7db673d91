// One documented function from an event's risk flags to a riskScore (0–100) with the reasons (pure).
//
// Each known flag has a weight w in (0, 1]: the probability-like strength of the evidence it gives that the
// call is harmful or leaks. Independent evidence combines as a noisy-OR:
//     score = round(100 × (1 − Π (1 − w_f)))   over the distinct flags f
// so one flag alone scores 100·w, more flags only raise the score, no set of flags goes past 100, and the
// order or repetition of flags does not matter. Unknown flags weigh UNKNOWN_FLAG_WEIGHT (something was
// flagged, we do not know how bad it is). Reasons list the contributing flags, heaviest first, each with its
// weight and meaning, e.g. "prompt_injection (+70): instructions addressed to the model in untrusted text".
// The table is in docs/guards.md; change both together.

export interface FlagWeight {
  weight: number;
  reason: string;
}

export const FLAG_WEIGHTS: Readonly<Record<string, FlagWeight>> = {
  prompt_injection: { weight: 0.7, reason: "instructions addressed to the model in untrusted text" },
  tool_shadowing: { weight: 0.7, reason: "a tool's text gives instructions about other tools" },
  tool_changed: { weight: 0.6, reason: "the tool's definition changed since it was approved (possible rug pull)" },
  exfiltration_link: { weight: 0.6, reason: "a link or image URL carries data out in its query" },
  hidden_unicode: { weight: 0.5, reason: "invisible or deceptive characters (tags, zero-width, bidi overrides)" },
  encoded_payload: { weight: 0.5, reason: "an encoded payload (base64) that decodes to instructions" },
  tool_unapproved: { weight: 0.5, reason: "the tool is not approved in the inventory" },
  secret_redacted: { weight: 0.4, reason: "a secret was found and redacted" },
  secret_detected: { weight: 0.4, reason: "the heavy rules (secretlint) found a secret" },
  ansi_escape: { weight: 0.3, reason: "terminal escape sequences that can hide or rewrite text" },
  policy_blocked: { weight: 0.3, reason: "a policy blocked the call" },
  approval_token_invalid: { weight: 0.3, reason: "an invalid approval token was presented" },
  approval_reused: { weight: 0.3, reason: "an approval was used for more than one call" },
  pii_redacted: { weight: 0.2, reason: "personal data was found and redacted" },
  approval_denied: { weight: 0.2, reason: "a reviewer denied the call" },
  budget_exceeded: { weight: 0.1, reason: "the call exceeded a budget" },
  rate_limited: { weight: 0.1, reason: "the call was rate limited" },
};

export const UNKNOWN_FLAG_WEIGHT = 0.1;

export interface ScoreRiskOptions {
  flags: readonly string[];
}

export interface RiskScore {
  /** 0 (no flags) to 100. */
  score: number;
  /** One line per distinct flag, heaviest first. */
  reasons: string[];
}

export function scoreRisk({ flags }: ScoreRiskOptions): RiskScore {
  const distinct = [...new Set(flags)];
  const weighted = distinct.map((flag) => {
    const known = Object.hasOwn(FLAG_WEIGHTS, flag) ? FLAG_WEIGHTS[flag] : undefined;
    return { flag, weight: known?.weight ?? UNKNOWN_FLAG_WEIGHT, reason: known?.reason ?? "flagged (no weight defined for this flag)" };
  });
  weighted.sort((a, b) => b.weight - a.weight || a.flag.localeCompare(b.flag));
  let clear = 1;
  for (const w of weighted) clear *= 1 - w.weight;
  return {
    score: Math.round(100 * (1 - clear)),
    reasons: weighted.map((w) => `${w.flag} (+${Math.round(w.weight * 100)}): ${w.reason}`),
  };
}
