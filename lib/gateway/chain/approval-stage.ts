import type { GatewayApprovalResponse } from "../../approvals/schema";
import { hashParams } from "../../approvals/hash-params";
import { JUSTIFICATION_META_KEY, USER_GOAL_META_KEY, type HoldState } from "../call";
import { verifyApprovalToken, ApprovalTokenError } from "../warden/verify-approval-token";
import { WardenRequestError, WardenUnavailableError } from "../warden/warden-errors";
import { startApprovalProgress, waitForDecision } from "./wait-for-decision";
import { findApprovalNeed } from "./find-approval-need";
import type { CallContext, Stage } from "./stage";

// Stage "approval": when a policy rule (or a budget's approval threshold) applies, the call waits for a
// person in Warden's queue. The request carries the FULL params and their hash (RFC 8785 JCS, SHA-256), the
// identity and how it was established, the agent, the cost and risk flags, and the client's justification
// and goal (`_meta` "warden/justification", "warden/userGoal"). The gateway long-polls for the decision
// (following a moved deadline), sends progress to clients that gave a progress token, cancels the request
// if the client goes away, and runs the call only with a decision token it verified against Warden's JWKS
// (approved, this params hash, this request, this gateway, not expired) and claimed once in the spool.

const STAGE = "approval";
/** How long past the last known deadline the gateway keeps trying an unreachable Warden before giving up. */
const UNREACHABLE_GRACE_MS = 30_000;

export const approvalStage: Stage = async (ctx, next) => {
  const need = findApprovalNeed(ctx);
  if (!need) {
    ctx.decide(STAGE, "skip", "no approval rule applies");
    return next();
  }
  const { call, deps, event } = ctx;
  let paramsHash: string;
  try {
    paramsHash = hashParams(call.params);
  } catch (err) {
    return ctx.fail({ stage: STAGE, status: "blocked", errorType: "invalid_params", message: `The call's params cannot be approved: ${(err as Error).message}` });
  }

  const resumed = call.hold?.resumed;
  let approval: { id: string; status: GatewayApprovalResponse["status"]; expiresAt: string };
  if (resumed) {
    const mismatch = holdMismatch(resumed, call, paramsHash);
    if (mismatch) return ctx.fail({ stage: STAGE, status: "blocked", errorType: "approval_invalid", flags: ["approval_token_invalid"], message: `Warden Gateway did not resume the call: its requestState was issued for ${mismatch}.` });
    approval = { id: resumed.approvalId, status: "pending", expiresAt: new Date(Date.now() + UNREACHABLE_GRACE_MS).toISOString() };
    event.approvalId = approval.id;
    ctx.decide(STAGE, "hold", `${need.reason}; resumes approval ${approval.id}`);
  } else {
    try {
      approval = await deps.warden.createApproval(
        {
          requestId: call.id,
          server: call.server,
          tool: call.tool,
          params: call.params,
          paramsHash,
          userId: call.identity.userId,
          team: clip(call.identity.team, 120),
          identitySource: call.identity.source,
          sessionId: clip(call.sessionId, 200),
          agent: clip(call.agent, 200),
          reason: clip(need.reason, 2000),
          justification: clip(metaText(call.meta, JUSTIFICATION_META_KEY), 4000),
          userGoal: clip(metaText(call.meta, USER_GOAL_META_KEY), 4000),
          riskFlags: event.riskFlags?.length ? event.riskFlags.slice(0, 32) : undefined,
          estimatedCostUsd: ctx.settings.costPerCallUsd ?? undefined,
          timeoutSeconds: deps.config.approvals?.timeoutSeconds,
        },
        call.signal,
      );
    } catch (err) {
      if (call.signal.aborted) return cancelled(ctx, null);
      return wardenFailure(ctx, err, "ask for approval");
    }
    event.approvalId = approval.id;
    ctx.decide(STAGE, "hold", `${need.reason}; approval ${approval.id}`);
  }

  let decided: GatewayApprovalResponse;
  const stopProgress = startApprovalProgress(ctx, () => `Waiting for a reviewer in Warden to approve ${call.tool} (until ${approval.expiresAt})`);
  // A 2026-07-28 client need not hold a connection for the whole wait: after one round the call ends with
  // `input_required` and a sealed requestState, and the client's retry resumes the wait (docs/gateway-chain.md).
  const until = call.hold ? Date.now() + holdRoundMs(ctx) : Infinity;
  try {
    decided = await waitForDecision(ctx, approval, until);
  } catch (err) {
    if (call.signal.aborted) return cancelled(ctx, approval.id);
    return wardenFailure(ctx, err, "wait for the approval");
  } finally {
    stopProgress();
  }

  if (decided.status === "pending" && call.hold) {
    const state: HoldState = { v: 1, approvalId: approval.id, eventId: resumed?.eventId ?? call.id, paramsHash, server: call.server, tool: call.tool, caller: callerOf(call) };
    let requestState: string;
    try {
      requestState = await call.hold.seal(state);
    } catch (err) {
      return ctx.fail({ stage: STAGE, status: "blocked", errorType: "gateway_error", outcome: "error", message: `Warden Gateway could not seal the approval hold: ${(err as Error).message}` });
    }
    return ctx.suspend({ resultType: "input_required", requestState }, `approval ${approval.id} still pending (until ${decided.expiresAt}): input_required, the client retries to resume`);
  }
  if (decided.status !== "approved") return refusedByDecision(ctx, decided);
  if (!decided.token) return ctx.fail({ stage: STAGE, status: "blocked", errorType: "approval_invalid", flags: ["approval_token_invalid"], message: "Warden approved the call but sent no decision token; not run." });
  try {
    await verifyApprovalToken({
      token: decided.token,
      keys: deps.keys,
      expected: { approvalId: approval.id, requestId: resumed?.eventId ?? call.id, paramsHash, audience: ctx.policy!.policy.gatewayId, issuer: deps.config.approvals?.issuer },
    });
  } catch (err) {
    if (err instanceof ApprovalTokenError) {
      return ctx.fail({ stage: STAGE, status: "blocked", errorType: "approval_invalid", flags: ["approval_token_invalid"], message: `Warden Gateway did not run the call: ${err.message}.` });
    }
    return wardenFailure(ctx, err, "verify the approval");
  }

  let claimed: boolean;
  try {
    claimed = await deps.spool.claimApproval(approval.id, call.id);
  } catch (err) {
    return ctx.fail({ stage: STAGE, status: "blocked", errorType: "spool_error", message: `Warden Gateway could not record the use of approval ${approval.id}: ${(err as Error).message}` });
  }
  if (!claimed) {
    return ctx.fail({
      stage: STAGE,
      status: "blocked",
      errorType: "approval_reused",
      flags: ["approval_reused"],
      message: `Approval ${approval.id} was already used: an approval runs its call once.`,
    });
  }
  ctx.decide(STAGE, "allow", `approved by ${reviewers(decided, "approve") || "reviewer"}`);
  return next();
};

/** Why a resumed hold's state does not fit this call (another call's approval must never run it), or null. */
function holdMismatch(h: HoldState, call: CallContext["call"], paramsHash: string): string | null {
  if (h.server !== call.server || h.tool !== call.tool) return `${h.server}/${h.tool}, not ${call.server}/${call.tool}`;
  if (h.caller !== callerOf(call)) return "another caller";
  if (h.paramsHash !== paramsHash) return "other params";
  return null;
}

const callerOf = (call: CallContext["call"]) => `${call.identity.source}:${call.identity.userId}`;

/** How long one round of a resumable hold waits before answering input_required. */
const holdRoundMs = (ctx: CallContext) => Math.min(300, Math.max(1, ctx.deps.config.approvals?.holdRoundSeconds ?? 50)) * 1000;

async function cancelled(ctx: CallContext, approvalId: string | null) {
  if (approvalId) {
    try {
      await ctx.deps.warden.cancelApproval(approvalId);
    } catch (err) {
      ctx.deps.log.warn({ approvalId, err: (err as Error).message }, "could not cancel the approval request in Warden");
    }
  }
  return ctx.fail({ stage: STAGE, status: "denied", errorType: "approval_cancelled", message: "The client cancelled the call while it waited for approval." });
}

function refusedByDecision(ctx: CallContext, d: GatewayApprovalResponse) {
  const what = `${ctx.call.server}/${ctx.call.tool}`;
  if (d.status === "denied") {
    const why = d.decision.votes
      .filter((v) => v.decision === "deny")
      .map((v) => (v.comment ? `${v.reviewer}: "${v.comment}"` : v.reviewer))
      .join("; ");
    return ctx.fail({ stage: STAGE, status: "denied", errorType: "approval_denied", message: `A reviewer denied ${what}${why ? ` (${why})` : ""}; it was not run.` });
  }
  if (d.status === "expired") {
    return ctx.fail({ stage: STAGE, status: "denied", errorType: "approval_expired", message: `No reviewer decided on ${what} before its deadline (${d.expiresAt}); it was not run.` });
  }
  return ctx.fail({ stage: STAGE, status: "denied", errorType: "approval_cancelled", message: `The approval request for ${what} was cancelled; it was not run.` });
}

function wardenFailure(ctx: CallContext, err: unknown, doing: string) {
  const unreachable = err instanceof WardenUnavailableError;
  const detail = err instanceof WardenRequestError || unreachable ? (err as Error).message : String((err as Error)?.message ?? err);
  return ctx.fail({
    stage: STAGE,
    status: "blocked",
    errorType: unreachable ? "warden_unavailable" : "warden_error",
    outcome: "error",
    message: `Warden Gateway refused the call: this call needs a person's approval and it could not ${doing} (${detail}).`,
  });
}

const reviewers = (d: GatewayApprovalResponse, decision: "approve" | "deny") =>
  d.decision.votes
    .filter((v) => v.decision === decision)
    .map((v) => v.reviewer)
    .join(", ");

function metaText(meta: Record<string, unknown> | undefined, key: string): string | undefined {
  const v = meta?.[key];
  return typeof v === "string" && v.trim() ? v.trim() : undefined;
}

function clip(s: string | undefined, max: number): string | undefined {
  return s === undefined ? undefined : s.length > max ? s.slice(0, max) : s;
}
