import { createRemoteJWKSet, type JWTVerifyGetKey } from "jose";
import { ProtocolError, ProtocolErrorCode } from "@modelcontextprotocol/server";
import { jsonDepth, MAX_PARAMS_BYTES, MAX_PARAMS_DEPTH } from "../../ingest/schema";
import type { Forward, GatewayCall, GatewayEvent } from "../call";
import { recordStage } from "./record-stage";
import { policyStage } from "./policy-stage";
import { guardStage } from "../guards/guard-stage";
import { redactEventParams } from "../guards/redact-event-params";
import { rateLimitStage } from "./rate-limit-stage";
import { budgetCheckStage } from "./budget-check-stage";
import { approvalStage } from "./approval-stage";
import { reservationStage } from "./reservation-stage";
import { outputStage } from "./output-stage";
import { forwardStage } from "./forward-stage";
import { traceIdFromMeta } from "../telemetry/trace-id-from-meta";
import { createTokenBuckets } from "./token-buckets";
import { MAX_DECISIONS, type CallContext, type ChainDeps, type Failure, type Stage } from "./stage";

// The call chain around every tools/call, resources/read and prompts/get (and the sampling/elicitation
// requests servers send back). The order reads top to bottom; docs/gateway-chain.md explains each stage.
export const STAGES: readonly Stage[] = [
  recordStage, //       every call one event: "started" in the spool first, "finished" last
  policyStage, //       1. the last good policy (Warden or its disk copy); blocked tools; none → refuse all
  guardStage, //        1b. kill switch; hidden (pending, blocked, changed) tools refused; params scanned, stored redacted
  rateLimitStage, //    2. token buckets per tool and per user
  budgetCheckStage, //  3. would the cost fit? (dry run, before anyone is asked)
  approvalStage, //     4. a person decides; the signed decision is verified and claimed once
  reservationStage, //  5. reserve the cost; released if the call does not run
  outputStage, //       7. the guards' hook on the result
  forwardStage, //      6. the upstream, with timeout and cancellation
];

export type CallChain = (call: GatewayCall, forward: Forward) => Promise<unknown>;

export function createCallChain(
  deps: Omit<ChainDeps, "keys" | "buckets"> & {
    /** Keys for approval tokens; default Warden's JWKS (GET /api/v1/jwks.json, cached by jose). */
    keys?: JWTVerifyGetKey;
  },
): CallChain {
  const full: ChainDeps = {
    ...deps,
    keys: deps.keys ?? createRemoteJWKSet(deps.warden.jwksUrl(), { cooldownDuration: 30_000, cacheMaxAge: 10 * 60_000, timeoutDuration: 10_000 }),
    buckets: createTokenBuckets(),
  };
  const chain = compose(STAGES);
  const telemetry = full.telemetry;
  // With OTLP export on, each call runs in its SERVER span (lib/gateway/telemetry).
  const run = telemetry ? (ctx: CallContext) => telemetry.traceCall(ctx, () => chain(ctx)) : chain;
  return (call, forward) => run(createContext(resumedCall(call, full), forward, full));
}

function compose(stages: readonly Stage[]): (ctx: CallContext) => Promise<unknown> {
  return (ctx) => {
    const step = (i: number): Promise<unknown> => {
      const stage = stages[i];
      if (!stage) return Promise.reject(new Error("the call chain ended without an answer"));
      return stage(ctx, () => step(i + 1));
    };
    return step(0);
  };
}

/** Refusals of tools/call are tool error results; other methods have no such result and get a JSON-RPC error. */
export class CallRefusedError extends ProtocolError {
  constructor(
    message: string,
    readonly errorType: string,
  ) {
    super(ProtocolErrorCode.InvalidRequest, message, { errorType });
  }
}

/**
 * A call resuming an approval hold keeps the event id of its first round (also the approval's requestId), so
 * the call is one event whatever the number of rounds. Once that approval ran its call, a replay of the same
 * state is a new call (its own event, refused as approval_reused), never a second event with the first id.
 */
function resumedCall(call: GatewayCall, deps: ChainDeps): GatewayCall {
  const resumed = call.hold?.resumed;
  if (!resumed || deps.spool.isClaimed(resumed.approvalId)) return call;
  return { ...call, id: resumed.eventId };
}

function createContext(call: GatewayCall, forward: Forward, deps: ChainDeps): CallContext {
  const event = initialEvent(call);
  if (deps.guards) redactEventParams(event); // the event's params, redacted before anything records them
  const ctx: CallContext = {
    call,
    forward: deps.telemetry ? deps.telemetry.wrapForward(forward) : forward,
    deps,
    event,
    policy: null,
    settings: { costPerCallUsd: null, timeoutMs: deps.config.defaults.timeoutMs, rateLimitPerMinute: null },
    forwarded: false,
    suspended: false,
    suspend(result, reason) {
      ctx.suspended = true;
      ctx.decide("approval", "hold", reason);
      return result;
    },
    decide(stage, outcome, reason) {
      const list = (event.decisions ??= []);
      if (list.length >= MAX_DECISIONS) list.splice(MAX_DECISIONS - 1, 1);
      list.push(reason === undefined ? { stage, outcome } : { stage, outcome, reason: reason.slice(0, 500) });
      deps.telemetry?.decided(ctx, stage, outcome, reason);
    },
    addFlags(flags) {
      const set = new Set([...(event.riskFlags ?? []), ...flags]);
      event.riskFlags = [...set].slice(0, 32);
    },
    fail(f: Failure) {
      event.status = f.status;
      event.errorType = f.errorType;
      if (f.flags) ctx.addFlags(f.flags);
      ctx.decide(f.stage, f.outcome ?? "deny", f.message);
      if (call.method !== "tools/call") throw new CallRefusedError(f.message, f.errorType);
      return { content: [{ type: "text", text: f.message }], isError: true };
    },
  };
  return ctx;
}

/** The event as known when the call starts; stages fill in the rest. Values are clipped to what Warden stores. */
function initialEvent(call: GatewayCall): GatewayEvent {
  return {
    id: call.id,
    timestamp: call.startedAt.toISOString(),
    userId: clip(call.identity.userId, 200) || "unknown",
    team: clip(call.identity.team, 120),
    agent: clip(call.agent, 200),
    sessionId: clip(call.sessionId, 200),
    // The caller's W3C trace (params._meta.traceparent); the SERVER span's when OTLP export is on (same trace).
    traceId: traceIdFromMeta(call.meta),
    server: clip(call.server, 200) || "unknown",
    tool: clip(call.tool, 200) || call.method,
    status: "error",
    errorType: "gateway_error",
    params: storableParams(call.params),
    identitySource: call.identity.source,
    decisions: [],
  };
}

/** The params as Warden stores them, or a marker when they pass its size or depth limit (the approval request carries them in full). */
function storableParams(params: Record<string, unknown>): Record<string, unknown> {
  let bytes: number;
  try {
    bytes = Buffer.byteLength(JSON.stringify(params));
  } catch {
    return { "warden/omitted": "not JSON" };
  }
  if (bytes > MAX_PARAMS_BYTES || jsonDepth(params, MAX_PARAMS_DEPTH + 1) > MAX_PARAMS_DEPTH) return { "warden/omitted": `too large (${bytes} bytes)` };
  return params;
}

function clip(s: string | undefined, max: number): string | undefined {
  if (s === undefined) return undefined;
  return s.length > max ? s.slice(0, max) : s;
}
