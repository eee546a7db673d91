import "server-only";
import { db } from "../db";
import type { Approval, ApprovalVote } from "../generated/prisma/client";
import type { GatewayApprovalResponse } from "./schema";
import { signApprovalToken } from "./sign-approval-token";

export type ApprovalWithVotes = Approval & { votes: ApprovalVote[] };

/** Reviewer ids → emails, for vote trails (votes store the reviewer's id). */
export async function reviewerEmails(votes: readonly { reviewerId: string }[]): Promise<Map<string, string>> {
  if (votes.length === 0) return new Map();
  const users = await db().user.findMany({ where: { id: { in: [...new Set(votes.map((v) => v.reviewerId))] } }, select: { id: true, email: true } });
  return new Map(users.map((u) => [u.id, u.email]));
}

/** What the gateway sees: status, the vote trail, and for a decided approval a fresh signed token. */
export async function gatewayApprovalView(a: ApprovalWithVotes): Promise<GatewayApprovalResponse> {
  const emails = await reviewerEmails(a.votes);
  const votes = [...a.votes].sort((x, y) => x.createdAt.getTime() - y.createdAt.getTime());
  return {
    id: a.id,
    status: a.status,
    expiresAt: a.expiresAt.toISOString(),
    decision: {
      requiredApprovals: a.requiredApprovals,
      approvals: votes.filter((v) => v.decision === "approve").length,
      decidedAt: a.decidedAt?.toISOString() ?? null,
      votes: votes.map((v) => ({
        reviewer: emails.get(v.reviewerId) ?? v.reviewerId,
        decision: v.decision === "deny" ? "deny" : "approve",
        comment: v.comment,
        at: v.createdAt.toISOString(),
      })),
    },
    token: a.status === "pending" ? null : await signApprovalToken(a),
  };
}
