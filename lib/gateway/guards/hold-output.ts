import { randomUUID } from "node:crypto";
import type { GatewayApprovalResponse } from "../../approvals/schema";
import { hashParams } from "../../approvals/hash-params";
import type { Finding } from "../../guards/types";
import type { CallContext } from "../chain/stage";
import { ApprovalTokenError, verifyApprovalToken } from "../warden/verify-approval-token";
import { WardenUnavailableError } from "../warden/warden-errors";
import { startApprovalProgress, waitForDecision } from "../chain/wait-for-decision";
import { OutputRefusal } from "./output-refusal";

// `hold`: the call has run; its output is withheld while a reviewer decides in Warden's approval queue
// (the same flow as a call's approval: POST /api/v1/approvals, long-poll, decision token verified against
// Warden's JWKS, claimed once in the spool). Approve releases the output to the client; deny, expiry,
// cancellation or a Warden that cannot be reached replace it by an error (fail closed). The request shows the
// reviewer the call's (redacted) params, the findings and an excerpt of the (redacted) output. Clients that
// gave a progress token get progress notifications while it waits, as for a call's approval.

const EXCERPT_CHARS = 8000;

export async function holdOutput(o: { ctx: CallContext; output: unknown; findings: Finding[]; flags: string[] }): Promise<void> {
  const { ctx } = o;
  const { call, deps, event } = ctx;
  const what = `${call.server}/${call.tool}`;
  const refuse = (errorType: string, message: string, status: "denied" | "blocked" = "denied") =>
    new OutputRefusal({ status, errorType, flags: o.flags, outcome: status === "blocked" ? "error" : "deny" }, message);
  const params = {
    arguments: event.params ?? {},
    "warden/heldOutput": {
      findings: o.findings.slice(0, 20).map((f) => ({ flag: f.flag, rule: f.rule, severity: f.severity, message: f.message, path: f.path })),
      excerpt: excerpt(o.output),
    },
  };
  const paramsHash = hashParams(params);
  const requestId = randomUUID();
  let approval: { id: string; expiresAt: string };
  try {
    approval = await deps.warden.createApproval(
      {
        requestId,
        server: call.server,
        tool: call.tool,
        params,
        paramsHash,
        userId: call.identity.userId,
        team: call.identity.team?.slice(0, 120),
        identitySource: call.identity.source,
        sessionId: call.sessionId?.slice(0, 200),
        agent: call.agent?.slice(0, 200),
        reason: `Output held by Warden Gateway: ${what} returned text that reads as instructions (${o.flags.join(", ")}): ${o.findings[0]?.message ?? ""}. Approve to release it to the agent; deny to replace it by an error.`.slice(0, 2000),
        riskFlags: event.riskFlags?.slice(0, 32),
        timeoutSeconds: deps.config.approvals?.timeoutSeconds,
      },
      call.signal,
    );
  } catch (err) {
    throw refuse(err instanceof WardenUnavailableError ? "warden_unavailable" : "warden_error", `Warden Gateway withheld the output of ${what}: it needs a reviewer and the request could not be made (${(err as Error).message}).`, "blocked");
  }
  event.approvalId ??= approval.id;
  ctx.decide("output", "hold", `output held for approval ${approval.id}: ${o.flags.join(",")}`);

  let decided: GatewayApprovalResponse;
  const stopProgress = startApprovalProgress(ctx, () => `The output of ${what} waits for a reviewer in Warden (until ${approval.expiresAt})`);
  try {
    decided = await waitForDecision(ctx, approval);
  } catch (err) {
    if (call.signal.aborted) {
      await deps.warden.cancelApproval(approval.id).catch(() => undefined);
      throw refuse("approval_cancelled", "The client cancelled the call while its output waited for a reviewer.");
    }
    throw refuse("warden_unavailable", `Warden Gateway withheld the output of ${what}: the reviewer's decision could not be read (${(err as Error).message}).`, "blocked");
  } finally {
    stopProgress();
  }
  if (decided.status !== "approved") {
    const why = decided.decision.votes.filter((v) => v.decision === "deny").map((v) => (v.comment ? `${v.reviewer}: "${v.comment}"` : v.reviewer)).join("; ");
    const type = decided.status === "denied" ? "approval_denied" : decided.status === "expired" ? "approval_expired" : "approval_cancelled";
    throw refuse(type, `The output of ${what} was withheld: ${decided.status === "denied" ? `a reviewer denied it${why ? ` (${why})` : ""}` : `no reviewer released it (${decided.status})`}.`);
  }
  try {
    if (!decided.token) throw new ApprovalTokenError("Warden approved but sent no decision token");
    await verifyApprovalToken({
      token: decided.token,
      keys: deps.keys,
      expected: { approvalId: approval.id, requestId, paramsHash, audience: ctx.policy!.policy.gatewayId, issuer: deps.config.approvals?.issuer },
    });
  } catch (err) {
    throw new OutputRefusal({ status: "blocked", errorType: "approval_invalid", flags: [...o.flags, "approval_token_invalid"] }, `Warden Gateway withheld the output of ${what}: ${(err as Error).message}.`);
  }
  if (!(await deps.spool.claimApproval(approval.id, call.id))) {
    throw new OutputRefusal({ status: "blocked", errorType: "approval_reused", flags: [...o.flags, "approval_reused"] }, `Approval ${approval.id} was already used.`);
  }
  ctx.decide("output", "allow", `output released by ${decided.decision.votes.filter((v) => v.decision === "approve").map((v) => v.reviewer).join(", ") || "reviewer"}`);
}

function excerpt(output: unknown): string {
  let text: string;
  try {
    text = JSON.stringify(output) ?? "";
  } catch {
    text = String(output);
  }
  return text.length > EXCERPT_CHARS ? `${text.slice(0, EXCERPT_CHARS)}… (${text.length} characters)` : text;
}
