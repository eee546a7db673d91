import { redactValue } from "../../guards/redact-value";
import type { GatewayEvent } from "../call";

/**
 * The event's copy of the call's params with secrets and PII replaced by `[REDACTED:<kind>]` (and the
 * `secret_redacted` / `pii_redacted` flags), done when the event is created — before the spool's "started"
 * record and whatever stage refuses the call. The call itself keeps the params as sent.
 */
export function redactEventParams(event: GatewayEvent): void {
  if (!event.params || "warden/omitted" in event.params) return;
  const redacted = redactValue({ value: event.params });
  if (!redacted.redactions.length) return;
  event.params = redacted.value as typeof event.params;
  event.riskFlags = [...new Set([...(event.riskFlags ?? []), ...redacted.redactions.map((r) => r.flag)])];
}
