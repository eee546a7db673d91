import "server-only";
import { db } from "../db";
import { ApiError } from "../http/errors";
import { recordAudit, type AuditActor } from "../audit/record-audit";
import { decideApproval, type Reviewer } from "../approvals/decide-approval";
import { hashLinkToken } from "./hash-link-token";
import { RedeemDecisionLinkBody } from "./schema";

/**
 * POST /api/approval-links/redeem (the confirmation page's button, with the reviewer's session): spends a
 * one-time link — and its sibling (approve/deny) — then votes through the normal path (decideApproval:
 * locked, tallied, audited, signed like any vote). The link must be this reviewer's (403), unspent and
 * unexpired (409). Input the vote would refuse (deny without a reason, a required comment) is refused
 * before the link is spent.
 */
export async function redeemDecisionLink(opts: { input: RedeemDecisionLinkBody; reviewer: Reviewer; actor: AuditActor }) {
  const input = RedeemDecisionLinkBody.parse(opts.input);
  const comment = input.comment?.trim() || undefined;
  const link = await db().$transaction(async (tx) => {
    const [l] = await tx.$queryRaw<{ id: string; approval_id: string; user_id: string; decision: string; expires_at: Date; used_at: Date | null }[]>`
      SELECT id::text, approval_id::text, user_id::text, decision, expires_at, used_at FROM approval_links
      WHERE token_hash = ${hashLinkToken(input.token)} FOR UPDATE`;
    if (!l) throw new ApiError("not_found", "No such decision link.");
    if (l.user_id !== opts.reviewer.id) throw new ApiError("forbidden", "This link was sent to another reviewer.");
    if (l.used_at) throw new ApiError("conflict", "This link was already used.");
    if (l.expires_at.getTime() <= Date.now()) throw new ApiError("conflict", "This link expired.");
    const a = await tx.approval.findUnique({ where: { id: l.approval_id }, select: { requireComment: true } });
    if (l.decision === "deny" && !comment) throw new ApiError("invalid_request", "Give a reason to deny.", { issues: [{ path: "comment", message: "required to deny" }] });
    if (l.decision === "approve" && a?.requireComment && !comment) {
      throw new ApiError("invalid_request", "This rule requires a comment to approve.", { issues: [{ path: "comment", message: "required to approve" }] });
    }
    await tx.approvalLink.updateMany({ where: { approvalId: l.approval_id, userId: l.user_id, usedAt: null }, data: { usedAt: new Date() } });
    await recordAudit(tx, { actor: opts.actor, action: "approval.link.redeem", targetType: "approval", targetId: l.approval_id, after: { linkId: l.id, decision: l.decision } });
    return l;
  });
  const decision = link.decision === "deny" ? "deny" : "approve";
  const result = await decideApproval({ id: link.approval_id, reviewer: opts.reviewer, input: { decision, comment }, actor: opts.actor });
  return { id: link.approval_id, decision, ...result };
}
