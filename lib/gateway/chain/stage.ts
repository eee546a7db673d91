import type { JWTVerifyGetKey } from "jose";
import type { Decision, DecisionOutcome, Forward, GatewayCall, GatewayEvent } from "../call";
import type { WardenGatewayApi } from "../warden/create-warden-gateway-api";
import type { PolicyClient, PolicySnapshot } from "../warden/policy-client";
import type { ChainConfig } from "./chain-config";
import type { ToolGuard } from "../guards/create-tool-guard";
import type { TokenBuckets } from "./token-buckets";
import type { ChainTelemetry } from "../telemetry/types";

// The shape of the call chain (STYLE.md rule 25): every stage is `(ctx, next) => result`, in its own file,
// composed once in run-call.ts. A stage either calls `next()` (and may act on its result) or ends the call
// with `ctx.fail(...)`. Every stage records its decision with `ctx.decide(...)` on the call's event.

/** The hook the guards plug in after forwarding: may rewrite the result and add risk flags. Default: pass-through. */
export type OutputStage = (call: GatewayCall, result: unknown, ctx?: CallContext) => Promise<{ result: unknown; flags: string[] }>;

/** The guards the "guards" stage consults (lib/gateway/guards/guard-stage.ts); absent: the stage is skipped. */
export interface CallGuards {
  /** The list stage's verdict on a tools/call's tool (hidden tools are refused). */
  tools?: Pick<ToolGuard, "access">;
}

/** The part of the spool (lib/gateway/spool/open-spool.ts) the chain uses. */
export interface ChainSpool {
  started(event: GatewayEvent): Promise<void>;
  finished(event: GatewayEvent): Promise<void>;
  claimApproval(approvalId: string, eventId: string): Promise<boolean>;
  /** Closes this round's "started" record without an event (the call resumes in a later round). */
  suspended(eventId: string): Promise<void>;
  /** Whether this approval already ran its call (claimed in an earlier round or run). */
  isClaimed(approvalId: string): boolean;
}

export interface ChainLog {
  debug(obj: object, msg?: string): void;
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

export interface ChainCounters {
  /** Once per call, with its final event (also for calls the spool could not record). */
  callFinished(event: GatewayEvent): void;
}

export interface ChainDeps {
  policy: Pick<PolicyClient, "current">;
  warden: WardenGatewayApi;
  spool: ChainSpool;
  config: ChainConfig;
  outputStage?: OutputStage;
  guards?: CallGuards;
  log: ChainLog;
  counters?: ChainCounters;
  /** OpenTelemetry spans of each call (lib/gateway/telemetry); absent when OTLP export is off (no SDK loaded). */
  telemetry?: ChainTelemetry;
  /** Warden's approval-token keys (default: the remote JWKS, cached). */
  keys: JWTVerifyGetKey;
  buckets: TokenBuckets;
}

/** What applies to this call's tool: central policy values over the gateway's config, over the defaults. */
export interface ToolSettings {
  costPerCallUsd: number | null;
  timeoutMs: number;
  rateLimitPerMinute: number | null;
}

export interface Failure {
  stage: string;
  status: GatewayEvent["status"];
  errorType: string;
  /** Shown to the client (and recorded as the decision's reason). */
  message: string;
  flags?: string[];
  outcome?: DecisionOutcome;
}

export interface CallContext {
  readonly call: GatewayCall;
  readonly forward: Forward;
  readonly deps: ChainDeps;
  /** The event being built; the record stage writes it. */
  readonly event: GatewayEvent;
  policy: PolicySnapshot | null;
  settings: ToolSettings;
  /** Set once the call was handed to Forward (a reservation is released otherwise). */
  forwarded: boolean;
  /** The result as the upstream returned it (the output stage only looks at this). */
  upstreamResult?: unknown;
  decide(stage: string, outcome: DecisionOutcome, reason?: string): void;
  addFlags(flags: string[]): void;
  /** Ends the call: records status/errorType/flags and the decision, returns the MCP error result (throws for non-tool methods). */
  fail(f: Failure): unknown;
  /** Set by `suspend`: this round ends without finishing the call; no event (a later round records it). */
  suspended: boolean;
  /** Ends this round with `result` (an `input_required`); the call resumes in a later round. */
  suspend(result: unknown, reason: string): unknown;
}

export type Next = () => Promise<unknown>;
export type Stage = (ctx: CallContext, next: Next) => Promise<unknown>;

export const MAX_DECISIONS = 16;
export type { Decision };
