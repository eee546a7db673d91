import { redactValue } from "../guards/redact-value";

/**
 * A tool call's arguments or result with secrets and personal data redacted (lib/guards redactValue) before
 * Warden stores them: spans carry what the instrumentation saw. `flags` are the risk flags it raised
 * (`secret_redacted`, `pii_redacted`).
 */
export function redactCallValue(opts: { value: unknown }): { value: unknown; flags: string[] } {
  const { value, redactions } = redactValue({ value: opts.value });
  return { value, flags: [...new Set(redactions.map((r) => r.flag))] };
}
