import type { DecisionOutcome, GatewayMethod } from "../call";

// Each guarding decision of the call chain as a GenAI guardrail span (semantic-conventions-genai,
// docs/gen-ai/gen-ai-security.md: `gen_ai.run_guardrail.internal`, the chain runs in the gateway's process).
// The verdict is what the stage found; the action is what the gateway enforced.

/** The chain stages that guard a call. `record` (the spool) and `forward` (the upstream call: its CLIENT span) are not guardrails. */
export const GUARDRAIL_STAGES: ReadonlySet<string> = new Set(["policy", "guards", "rate_limit", "budget", "approval", "reservation", "output"]);

export interface GuardrailSpan {
  name: string;
  attributes: Record<string, string>;
  /** Set on `error` outcomes: the stage could not decide (e.g. Warden unreachable) and the gateway failed closed. */
  error: boolean;
}

const VERDICT: Record<Exclude<DecisionOutcome, "skip">, { verdict: string; action: string }> = {
  allow: { verdict: "allow", action: "allow" },
  deny: { verdict: "deny", action: "block" },
  // A person must decide: the approval rule's verdict, enforced by holding the call.
  hold: { verdict: "escalate", action: "escalate" },
  modify: { verdict: "modify", action: "modify" },
  error: { verdict: "deny", action: "block" },
};

/** The guardrail span of one decision, or null for decisions that are not a guardrail's (skipped stages, record, forward). */
export function guardrailSpan(o: { stage: string; outcome: DecisionOutcome; reason?: string; method: GatewayMethod; eventId: string }): GuardrailSpan | null {
  if (o.outcome === "skip" || !GUARDRAIL_STAGES.has(o.stage)) return null;
  const { verdict, action } = VERDICT[o.outcome];
  const attributes: Record<string, string> = {
    "gen_ai.operation.name": "run_guardrail",
    "gen_ai.guardrail.component.name": `warden-gateway ${o.stage}`,
    "gen_ai.guardrail.target.type": o.stage === "output" ? "output" : "input",
    "gen_ai.guardrail.target.subtype": o.method === "tools/call" ? "tool_call" : o.method,
    "gen_ai.guardrail.target.id": o.eventId,
    "gen_ai.guardrail.verdict.type": verdict,
    "gen_ai.guardrail.action.type": action,
    "warden.event.id": o.eventId,
    "warden.decision.stage": o.stage,
    "warden.decision.outcome": o.outcome,
  };
  // Reasons are the chain's own words (stage, rule, budget, reviewer names), never params or results.
  if (o.reason && o.outcome !== "allow") attributes["gen_ai.guardrail.verdict.reason"] = o.reason.slice(0, 500);
  if (o.outcome === "error") attributes["error.type"] = `${o.stage}_error`;
  return { name: `run_guardrail warden-gateway ${o.stage}`, attributes, error: o.outcome === "error" };
}
