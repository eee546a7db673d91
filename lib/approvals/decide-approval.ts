import "server-only";
import { z } from "zod";
import { db } from "../db";
import { Prisma } from "../generated/prisma/client";
import { ApiError } from "../http/errors";
import { recordAudit, type AuditActor } from "../audit/record-audit";
import { publish } from "../realtime/publish";
import { notifyApprovalChange } from "./approval-changes";
import { DecideApprovalBody } from "./schema";
import { tallyVotes, type Outcome } from "./tally-votes";

export interface Reviewer {
  id: string;
  email: string;
  team: string | null;
}

/**
 * How a gateway's `userId` maps to a Warden user: it is the person's email (case-insensitive) or their
 * Warden user id. A reviewer whose email or id equals the request's userId is its requester and may not
 * approve it (denying one's own request stays allowed: it can only make things safer).
 */
export function isOwnRequest(approvalUserId: string, reviewer: Reviewer): boolean {
  const u = approvalUserId.trim().toLowerCase();
  return u === reviewer.email.toLowerCase() || u === reviewer.id.toLowerCase();
}

function sameTeam(a: string | null, b: string | null): boolean {
  return !!a && !!b && a.trim().toLowerCase() === b.trim().toLowerCase();
}

/**
 * One reviewer's vote on a pending approval, enforced here and not in the UI: the row is locked
 * (SELECT … FOR UPDATE), so two reviewers deciding at once are serialised and exactly one outcome is
 * recorded; the other gets 409 "already decided". Deny needs a reason; approve needs a comment when the
 * rule says so; one vote per reviewer; N distinct approvals approve, the first deny denies; a request past
 * its deadline is expired instead. Vote and outcome are audited in the same transaction; the long-polls
 * are woken at commit (pg_notify) and reviewers told after it.
 */
export async function decideApproval(opts: { id: string; reviewer: Reviewer; input: DecideApprovalBody; actor: AuditActor }): Promise<{ status: Outcome | "expired"; approvals: number }> {
  const input = DecideApprovalBody.parse(opts.input);
  if (!z.uuid().safeParse(opts.id).success) throw new ApiError("not_found", `No approval ${opts.id}.`);
  const comment = input.comment?.trim() || null;
  if (input.decision === "deny" && !comment) throw new ApiError("invalid_request", "Give a reason to deny.", { issues: [{ path: "comment", message: "required to deny" }] });

  const result = await db()
    .$transaction(async (tx) => {
      const locked = await tx.$queryRaw<{ id: string }[]>`SELECT id FROM approvals WHERE id = ${opts.id}::uuid FOR UPDATE`;
      if (locked.length === 0) throw new ApiError("not_found", `No approval ${opts.id}.`);
      const a = await tx.approval.findUniqueOrThrow({ where: { id: opts.id }, include: { votes: true } });
      if (a.status !== "pending") throw new ApiError("conflict", `This request was already decided (${a.status}).`);
      if (a.expiresAt.getTime() <= Date.now()) {
        await tx.approval.update({ where: { id: a.id }, data: { status: "expired", decidedAt: a.expiresAt } });
        await recordAudit(tx, { actor: { email: "system" }, action: "approval.expire", targetType: "approval", targetId: a.id, before: { status: "pending" }, after: { status: "expired" } });
        await notifyApprovalChange(tx, a.id);
        return { status: "expired" as const, approvals: 0, refused: true };
      }
      if (a.reviewerTeam && !sameTeam(a.reviewerTeam, opts.reviewer.team)) {
        throw new ApiError("forbidden", `Only reviewers of team ${a.reviewerTeam} may decide this request.`);
      }
      if (input.decision === "approve" && isOwnRequest(a.userId, opts.reviewer)) {
        throw new ApiError("forbidden", "You cannot approve your own request.");
      }
      if (input.decision === "approve" && a.requireComment && !comment) {
        throw new ApiError("invalid_request", "This rule requires a comment to approve.", { issues: [{ path: "comment", message: "required to approve" }] });
      }
      if (a.votes.some((v) => v.reviewerId === opts.reviewer.id)) throw new ApiError("conflict", "You already voted on this request.");

      const vote = await tx.approvalVote.create({ data: { approvalId: a.id, reviewerId: opts.reviewer.id, decision: input.decision, comment } });
      await recordAudit(tx, {
        actor: opts.actor,
        action: `approval.vote.${input.decision}`,
        targetType: "approval",
        targetId: a.id,
        after: { voteId: vote.id, decision: input.decision, comment },
      });
      const tally = tallyVotes(a.requiredApprovals, [...a.votes, vote]);
      if (tally.outcome !== "pending") {
        const changed = await tx.approval.updateMany({ where: { id: a.id, status: "pending" }, data: { status: tally.outcome, decidedAt: new Date() } });
        if (changed.count !== 1) throw new ApiError("conflict", "This request was already decided.");
        await recordAudit(tx, {
          actor: opts.actor,
          action: `approval.${tally.outcome}`,
          targetType: "approval",
          targetId: a.id,
          before: { status: "pending" },
          after: { status: tally.outcome, approvals: tally.approvals, requiredApprovals: a.requiredApprovals },
        });
        await notifyApprovalChange(tx, a.id);
      }
      return { status: tally.outcome, approvals: tally.approvals, refused: false };
    })
    .catch((err: unknown) => {
      if (err instanceof Prisma.PrismaClientKnownRequestError && err.code === "P2002") {
        throw new ApiError("conflict", "You already voted on this request.");
      }
      throw err;
    });
  publish("approvals", opts.id);
  if (result.refused) throw new ApiError("conflict", "This request already expired.");
  return { status: result.status, approvals: result.approvals };
}
