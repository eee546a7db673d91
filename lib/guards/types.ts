// The shared vocabulary of the guards (pure types and constants, no I/O). Detectors in this folder return
// Findings; the gateway and Warden's ingest turn each finding's `flag` into an event risk flag, and
// scoreRisk turns the flags into a 0–100 riskScore with reasons. See docs/guards.md.

/** Where a scanned text comes from: it changes which rules apply and how strict they are. */
export type Where = "tool_description" | "param" | "tool_output";
export const WHERES = ["tool_description", "param", "tool_output"] as const satisfies readonly Where[];

export type Severity = "low" | "medium" | "high" | "critical";
export const SEVERITIES = ["low", "medium", "high", "critical"] as const satisfies readonly Severity[];

export interface Finding {
  /** The event risk flag this finding raises (one of GUARD_FLAGS). */
  flag: string;
  /** Finer than the flag: which family of rule matched (e.g. `instruction_override`, `aws_access_key`). */
  category: string;
  severity: Severity;
  /** Stable id of the rule that matched (e.g. `inj.ignore-previous`, `secret.aws-access-key-id`). */
  rule: string;
  /** One line for a reviewer. */
  message: string;
  /** UTF-16 offsets of the span in the scanned string: text.slice(start, end). */
  start: number;
  end: number;
  /** JSON pointer (RFC 6901) of the string inside a scanned value; absent for scanText. */
  path?: string;
}

/** Flags the guards raise (events may carry others too: rate_limited, budget_exceeded, …). */
export const GUARD_FLAGS = [
  "prompt_injection",
  "tool_shadowing",
  "hidden_unicode",
  "ansi_escape",
  "encoded_payload",
  "exfiltration_link",
  "secret_redacted",
  "secret_detected",
  "pii_redacted",
  "tool_changed",
  "tool_unapproved",
] as const;
export type GuardFlag = (typeof GUARD_FLAGS)[number];

/** What redactValue looks for. */
export type RedactKind = "secret" | "pii";

export interface Redaction {
  /** What was removed, e.g. `aws_access_key_id`, `email`, `payment_card` (also the `[REDACTED:<kind>]` label). */
  kind: string;
  flag: "secret_redacted" | "pii_redacted";
  /** JSON pointer of the string that held the span ("" for a top-level string). */
  path: string;
  /** UTF-16 offsets of the removed span in the ORIGINAL string. */
  start: number;
  end: number;
}

export interface RedactResult {
  /** The redacted copy, or the SAME reference as the input when nothing was found. */
  value: unknown;
  redactions: Redaction[];
}
