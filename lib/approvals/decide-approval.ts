import "server-only";
import { z } from "zod";
import { db } from "../db";
import { Prisma } from "../generated/prisma/client";
import { ApiError } from "../http/errors";
import { recordAudit, type AuditActor } from "../audit/record-audit";
import { publish } from "../realtime/publish";
import { APPROVALS_CHANNEL } from "./approval-changes";
import { isAllowedReviewer } from "./is-allowed-reviewer";
import { sameIdentity } from "./normalize-identity";
import { DecideApprovalBody } from "./schema";
import { tallyVotes, type Outcome } from "./tally-votes";

export interface Reviewer {
  id: string;
  email: string;
  team: string | null;
}

/**
 * How a gateway's `userId` maps to a Warden user: it is the person's email or their Warden user id, compared
 * after normalisation (lib/approvals/normalize-identity.ts: invisible characters, `Name <email>`, case,
 * trailing dots and `+tag` do not make another person). A reviewer whose email or id is the request's
 * userId is its requester and may not approve it (denying one's own request stays allowed: it can only make
 * things safer). The rule is documented in docs/approvals.md.
 */
export function isOwnRequest(approvalUserId: string, reviewer: Reviewer): boolean {
  return sameIdentity(approvalUserId, reviewer.email) || sameIdentity(approvalUserId, reviewer.id);
}

// Reviewers voting at once queue on the row lock, each for the others' (short) transactions: more room
// than Prisma's 5 s default, so a busy instance serialises them instead of failing one.
const DECIDE_TX = { maxWait: 10_000, timeout: 20_000 };

interface LockedApproval {
  status: string;
  expires_at: Date;
  user_id: string;
  reviewer_team: string | null;
  escalated_to: string | null;
  require_comment: boolean;
  required_approvals: number;
  votes: { reviewerId: string; decision: string }[];
}


/**
 * One reviewer's vote on a pending approval, enforced here and not in the UI: the row is locked
 * (SELECT … FOR UPDATE) before the votes are counted, so reviewers deciding at once are serialised, each
 * counts every vote before it, and exactly one outcome is recorded; a vote after it gets 409 "already
 * decided". Deny needs a reason; approve needs a comment when the
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
      // Lock the row first, then read the votes in a statement of its own. Under READ COMMITTED a statement
      // sees the data committed when it started: a votes subquery in the locking statement would be read
      // before the lock wait ends and miss the vote committed by the reviewer who held the lock (two
      // concurrent approvals both saw 1 of 2 and the request stayed pending). The second statement starts
      // after the lock is ours, so it sees every vote committed before.
      const [a] = await tx.$queryRaw<Omit<LockedApproval, "votes">[]>`
        SELECT a.status::text AS status, a.expires_at, a.user_id, a.reviewer_team, a.escalated_to, a.require_comment, a.required_approvals
        FROM approvals a WHERE a.id = ${opts.id}::uuid FOR UPDATE`;
      if (!a) throw new ApiError("not_found", `No approval ${opts.id}.`);
      const votes = await tx.$queryRaw<LockedApproval["votes"]>`
        SELECT reviewer_id::text AS "reviewerId", decision FROM approval_votes WHERE approval_id = ${opts.id}::uuid`;
      if (a.status !== "pending") throw new ApiError("conflict", `This request was already decided (${a.status}).`);
      if (a.expires_at.getTime() <= Date.now()) {
        await tx.$queryRaw`
          WITH u AS (UPDATE approvals SET status = 'expired', decided_at = expires_at WHERE id = ${opts.id}::uuid AND status = 'pending' RETURNING id)
          SELECT pg_notify(${APPROVALS_CHANNEL}, id::text)::text FROM u`;
        await recordAudit(tx, { actor: { email: "system" }, action: "approval.expire", targetType: "approval", targetId: opts.id, before: { status: "pending" }, after: { status: "expired" } });
        return { status: "expired" as const, approvals: 0, refused: true };
      }
      if (!isAllowedReviewer({ reviewerTeam: a.reviewer_team, escalatedTo: a.escalated_to }, opts.reviewer.team)) {
        throw new ApiError("forbidden", `Only reviewers of team ${a.reviewer_team} may decide this request.`);
      }
      if (input.decision === "approve" && isOwnRequest(a.user_id, opts.reviewer)) {
        throw new ApiError("forbidden", "You cannot approve your own request.");
      }
      if (input.decision === "approve" && a.require_comment && !comment) {
        throw new ApiError("invalid_request", "This rule requires a comment to approve.", { issues: [{ path: "comment", message: "required to approve" }] });
      }
      if (votes.some((v) => v.reviewerId === opts.reviewer.id)) throw new ApiError("conflict", "You already voted on this request.");

      const tally = tallyVotes(a.required_approvals, [...votes, { reviewerId: opts.reviewer.id, decision: input.decision }]);
      const vote = await tx.approvalVote.create({ data: { approvalId: opts.id, reviewerId: opts.reviewer.id, decision: input.decision, comment } });
      await recordAudit(tx, {
        actor: opts.actor,
        action: `approval.vote.${input.decision}`,
        targetType: "approval",
        targetId: opts.id,
        after: { voteId: vote.id, decision: input.decision, comment },
      });
      if (tally.outcome !== "pending") {
        await recordAudit(tx, {
          actor: opts.actor,
          action: `approval.${tally.outcome}`,
          targetType: "approval",
          targetId: opts.id,
          before: { status: "pending" },
          after: { status: tally.outcome, approvals: tally.approvals, requiredApprovals: a.required_approvals },
        });
        // Last statement before commit: the outcome and the wake-up of every instance's long-polls
        // (pg_notify is delivered at commit) in one statement.
        const changed = await tx.$queryRaw<{ id: string }[]>`
          WITH u AS (
            UPDATE approvals SET status = ${tally.outcome}::"ApprovalStatus", decided_at = clock_timestamp()
            WHERE id = ${opts.id}::uuid AND status = 'pending' RETURNING id)
          SELECT id, pg_notify(${APPROVALS_CHANNEL}, id::text)::text AS notified FROM u`;
        if (changed.length !== 1) throw new ApiError("conflict", "This request was already decided.");
      }
      return { status: tally.outcome, approvals: tally.approvals, refused: false };
    }, DECIDE_TX)
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
