import { redactValue } from "../guards/redact-value";
import type { ValidatedEvent } from "./validate-event-batch";

export const INGEST_REDACTED_FLAG = "secret_redacted";

/**
 * Defence in depth at ingest (pure): secrets in an event's `params` and `resultSummary` are replaced by
 * `[REDACTED:<kind>]` (lib/guards/redact-value.ts: the value is walked, never its serialised text) before
 * anything is stored, whichever gateway sent the event — including third-party ones that redact nothing.
 * A redacted event gains the `secret_redacted` risk flag. Events without secrets come back as they were
 * (the same objects: nothing is copied or re-serialised for them).
 */
export function redactIngestEvents(opts: { events: readonly ValidatedEvent[] }): ValidatedEvent[] {
  let out: ValidatedEvent[] | null = null;
  opts.events.forEach((e, i) => {
    const params = e.params ? redactValue({ value: e.params, detect: ["secret"] }) : null;
    const summary = e.resultSummary ? redactValue({ value: e.resultSummary, detect: ["secret"] }) : null;
    if (!params?.redactions.length && !summary?.redactions.length) return;
    const copy: ValidatedEvent = { ...e };
    if (params?.redactions.length) {
      copy.params = params.value as ValidatedEvent["params"];
      copy.paramsJson = JSON.stringify(copy.params);
    }
    if (summary?.redactions.length) copy.resultSummary = summary.value as string;
    const flags = e.riskFlags ?? [];
    if (!flags.includes(INGEST_REDACTED_FLAG)) copy.riskFlags = [...flags, INGEST_REDACTED_FLAG];
    out ??= opts.events.slice();
    out[i] = copy;
  });
  return out ?? (opts.events as ValidatedEvent[]);
}
