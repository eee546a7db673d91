import type { DecisionOutcome, Forward } from "../call";
import type { CallContext } from "../chain/stage";

// The call chain's view of the gateway's OpenTelemetry (lib/gateway/telemetry/start-gateway-telemetry.ts).
// Plain types: the chain imports no OTel code, so a gateway without OTEL_EXPORTER_OTLP_ENDPOINT loads no SDK.

export interface ChainTelemetry {
  /**
   * Runs one call inside its SERVER span (parent: the `traceparent` of the request's `_meta`), puts the span's
   * trace id on the event, and ends the span with the event's outcome and `warden.event.id`.
   */
  traceCall(ctx: CallContext, run: () => Promise<unknown>): Promise<unknown>;
  /** Wraps the upstream call in a CLIENT span (child of the call's SERVER span) that it propagates upstream. */
  wrapForward(forward: Forward): Forward;
  /** A chain stage decided: a guardrail span (`gen_ai.run_guardrail.internal`) for the guarding stages. */
  decided(ctx: CallContext, stage: string, outcome: DecisionOutcome, reason: string | undefined): void;
}

export interface GatewayTelemetry extends ChainTelemetry {
  /** Exports what is buffered (tests, shutdown). */
  flush(): Promise<void>;
  shutdown(): Promise<void>;
}
