import type { IngestEvent } from "../ingest/schema";

// One call through the gateway, as the proxy hands it to the chain (lib/gateway/chain/run-call.ts), and the
// event the chain records for it. Plain types: no Next.js, no server-only imports.

export type IdentitySource = "jwt" | "static-token" | "config";

export type GatewayMethod = "tools/call" | "resources/read" | "prompts/get" | "sampling/createMessage" | "elicitation/create";

export interface GatewayCall {
  /** The event id: randomUUID(), fixed when the call starts (also the approval's requestId). */
  id: string;
  method: GatewayMethod;
  /** Upstream name (config key). */
  server: string;
  /** Tool name; for other methods the method name (the URI or prompt name is in params). */
  tool: string;
  /** Tool arguments (or {uri} / {name, arguments}). */
  params: Record<string, unknown>;
  identity: { userId: string; team?: string; source: IdentitySource };
  /** Downstream clientInfo.name. */
  agent?: string;
  sessionId?: string;
  /** Request _meta: progressToken, "warden/justification", "warden/userGoal". */
  meta?: Record<string, unknown>;
  /** Downstream cancellation / disconnect. */
  signal: AbortSignal;
  /** Progress to the downstream client (only when it gave a progress token). */
  progress?: (p: { progress: number; total?: number; message?: string }) => void;
  startedAt: Date;
  /** The JSON-RPC id of the downstream request (OTel `jsonrpc.request.id`). */
  requestId?: string | number;
  /** Set for 2026-07-28 clients: an approval wait may end the round with `input_required` and resume later. */
  hold?: ResumableHold;
}

/**
 * What a 2026-07-28 client echoes back (integrity-protected: the SDK's HMAC requestState codec) to resume a
 * call that waits for a person: the approval it waits on and the call it belongs to.
 */
export interface HoldState {
  v: 1;
  approvalId: string;
  /** The call's event id, also the approval's requestId. */
  eventId: string;
  paramsHash: string;
  server: string;
  tool: string;
  /** `<identity source>:<userId>` of the caller who asked. */
  caller: string;
}

export interface ResumableHold {
  /** The verified state of the round this call resumes. */
  resumed?: HoldState;
  /** Seals a state into the `requestState` of an `input_required` result. */
  seal(state: HoldState): Promise<string>;
}

/** Sends the call upstream and resolves with the MCP result; must honour `signal`. */
export type Forward = (call: GatewayCall, o: { signal: AbortSignal; timeoutMs: number }) => Promise<unknown>;

export const DECISION_OUTCOMES = ["allow", "deny", "hold", "error", "skip", "modify"] as const;
export type DecisionOutcome = (typeof DECISION_OUTCOMES)[number];

/** What one stage of the chain decided about the call. */
export interface Decision {
  stage: string;
  outcome: DecisionOutcome;
  reason?: string;
}

/** The v1 event (lib/ingest/schema.ts) plus the gateway fields: the chain's decisions and how the identity was established. */
export type GatewayEvent = IngestEvent & { decisions?: Decision[]; identitySource?: IdentitySource };

/** The request `_meta` keys a client may use to explain a call to the reviewer (docs/gateway-chain.md). */
export const JUSTIFICATION_META_KEY = "warden/justification";
export const USER_GOAL_META_KEY = "warden/userGoal";
