import "server-only";
import { z } from "zod";
import { db } from "../db";
import { ApiError } from "../http/errors";
import { recordAudit, type AuditActor } from "../audit/record-audit";
import { publish } from "../realtime/publish";
import type { Reviewer } from "./decide-approval";

export interface ApprovalClaimResult {
  id: string;
  claim: { reviewerId: string; reviewerEmail: string; at: string } | null;
}

/**
 * A reviewer says they are on a pending request, so others see it (issue 19, item 10). Advisory only: the
 * quorum, who may vote and how votes count do not change. Claiming again refreshes one's own claim; a
 * request another reviewer claimed answers 409 naming them (they unclaim, or it clears when decided: the
 * trigger approvals_clear_claim_on_decision). A request for a reviewer team only by that team. One
 * conditional UPDATE (pending, not past its deadline, unclaimed or claimed by this reviewer), audited in
 * the same transaction; reviewers' screens refresh after commit through the realtime channel.
 */
export async function claimApproval(opts: { id: string; reviewer: Reviewer; actor: AuditActor }): Promise<ApprovalClaimResult> {
  if (!z.uuid().safeParse(opts.id).success) throw new ApiError("not_found", `No approval ${opts.id}.`);
  const at = await db().$transaction(async (tx) => {
    const [row] = await tx.$queryRaw<{ claimed_at: Date }[]>`
      UPDATE approvals SET claimed_by_id = ${opts.reviewer.id}::uuid, claimed_at = clock_timestamp()
      WHERE id = ${opts.id}::uuid AND status = 'pending' AND expires_at > clock_timestamp()
        AND (claimed_by_id IS NULL OR claimed_by_id = ${opts.reviewer.id}::uuid)
        AND (reviewer_team IS NULL OR lower(trim(reviewer_team)) = lower(trim(${opts.reviewer.team ?? ""})))
      RETURNING claimed_at`;
    if (!row) throw await whyNot(tx, opts.id, opts.reviewer);
    await recordAudit(tx, { actor: opts.actor, action: "approval.claim", targetType: "approval", targetId: opts.id, after: { claimedBy: opts.reviewer.email } });
    return row.claimed_at;
  });
  publish("approvals", opts.id);
  return { id: opts.id, claim: { reviewerId: opts.reviewer.id, reviewerEmail: opts.reviewer.email, at: at.toISOString() } };
}

/** The reason a claim or unclaim changed nothing, as an ApiError (404, 403 or 409). */
export async function whyNot(tx: Pick<ReturnType<typeof db>, "approval" | "user">, id: string, reviewer: Reviewer): Promise<ApiError> {
  const a = await tx.approval.findUnique({ where: { id }, select: { status: true, expiresAt: true, reviewerTeam: true, claimedById: true, claimedAt: true } });
  if (!a) return new ApiError("not_found", `No approval ${id}.`);
  if (a.status !== "pending") return new ApiError("conflict", `This request was already decided (${a.status}).`);
  if (a.expiresAt.getTime() <= Date.now()) return new ApiError("conflict", "This request already reached its deadline.");
  if (a.reviewerTeam && a.reviewerTeam.trim().toLowerCase() !== (reviewer.team ?? "").trim().toLowerCase()) {
    return new ApiError("forbidden", `Only reviewers of team ${a.reviewerTeam} may claim this request.`);
  }
  if (a.claimedById && a.claimedById !== reviewer.id) {
    const by = await tx.user.findUnique({ where: { id: a.claimedById }, select: { email: true } });
    return new ApiError("conflict", `Already claimed by ${by?.email ?? "another reviewer"}${a.claimedAt ? ` at ${a.claimedAt.toISOString()}` : ""}.`);
  }
  return new ApiError("conflict", "This request is not claimed by you.");
}
