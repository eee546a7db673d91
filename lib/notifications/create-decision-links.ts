import "server-only";
import { db } from "../db";
import { hashLinkToken, newLinkToken } from "./hash-link-token";

const MAX_LINK_SECONDS = 24 * 60 * 60;

export interface DecisionLinks {
  approve: string;
  deny: string;
}

/**
 * A pair of one-time links (approve, deny) for one reviewer and one request. Each opens the confirmation
 * page (/approvals/confirm); nothing is decided until that reviewer confirms with a POST in their session.
 * Valid until the request's deadline (at most 24 h); spending one spends the other.
 */
export async function createDecisionLinks(opts: { approvalId: string; userId: string; expiresAt: Date; baseUrl: string }): Promise<DecisionLinks> {
  const expiresAt = new Date(Math.min(opts.expiresAt.getTime(), Date.now() + MAX_LINK_SECONDS * 1000));
  const approve = newLinkToken();
  const deny = newLinkToken();
  await db().approvalLink.createMany({
    data: [
      { tokenHash: hashLinkToken(approve), approvalId: opts.approvalId, userId: opts.userId, decision: "approve", expiresAt },
      { tokenHash: hashLinkToken(deny), approvalId: opts.approvalId, userId: opts.userId, decision: "deny", expiresAt },
    ],
  });
  const page = `${opts.baseUrl.replace(/\/$/, "")}/approvals/confirm?token=`;
  return { approve: page + approve, deny: page + deny };
}
