import "server-only";
import { db } from "../db";
import type { Approval } from "../generated/prisma/client";
import { recordAudit } from "../audit/record-audit";
import { APPROVALS_CHANNEL } from "./approval-changes";
import { can } from "../auth/permissions";
import { applicableStandingRules, authorMayApprove, standingRuleBlocker, standingRuleLabel, type RequestForStanding } from "./match-standing-rule";

class NoLongerPending extends Error {}

/**
 * Called by createApproval on every new request: when an active standing rule applies (lib/approvals/
 * match-standing-rule.ts) and its author could approve the request now (active, still a reviewer, of its
 * reviewer team, not its requester), Warden itself casts the approving vote, exactly as a reviewer's — vote row
 * (reviewer "standing rule N"), audit entries, outcome, pg_notify — so the gateway reads an approved request
 * and gets the same signed token (lib/approvals/sign-approval-token.ts) as for a person's decision. The
 * standing rule row is locked first and re-checked (not revoked, not expired), so a revocation that commits
 * first stops it. Returns the approval as it now stands.
 */
export async function approveByStandingRule<A extends Approval>(opts: { approval: A; rule: { humanEveryTime: boolean } | null }): Promise<A> {
  const a = opts.approval;
  if (a.status !== "pending") return a;
  const req: RequestForStanding = {
    server: a.server,
    tool: a.tool,
    userId: a.userId,
    team: a.team,
    identitySource: a.identitySource,
    params: a.params,
    ruleId: a.ruleId,
    requiredApprovals: a.requiredApprovals,
  };
  if (standingRuleBlocker(req, opts.rule)) return a;
  const now = new Date();
  const candidates = await db().standingRule.findMany({ where: { server: a.server, tool: a.tool, revokedAt: null, expiresAt: { gt: now } } });
  const applicable = applicableStandingRules(candidates, req, opts.rule, now);
  if (applicable.length === 0) return a;
  const authors = await db().user.findMany({ where: { id: { in: applicable.map((s) => s.createdById) } }, select: { id: true, email: true, team: true, active: true, roles: true } });
  const author = new Map(authors.map((u) => [u.id, { ...u, mayDecide: can(u.roles, "approvals:decide") }]));
  const match = applicable.find((s) => authorMayApprove(author.get(s.createdById), { userId: a.userId, reviewerTeam: a.reviewerTeam }));
  if (!match) return a;
  const label = standingRuleLabel(match.number);
  const actor = { email: label };
  try {
    const decidedAt = await db().$transaction(async (tx) => {
      const live = await tx.$queryRaw<{ id: string }[]>`
        SELECT id FROM standing_rules WHERE id = ${match.id}::uuid AND revoked_at IS NULL AND expires_at > clock_timestamp() FOR UPDATE`;
      if (live.length !== 1) throw new NoLongerPending();
      const comment = `Approved by ${label}, added by ${match.createdByEmail}${match.sourceApprovalId ? ` from request ${match.sourceApprovalId}` : ""}.`;
      const vote = await tx.approvalVote.create({ data: { approvalId: a.id, reviewerId: match.id, standingRuleId: match.id, decision: "approve", comment } });
      const fired = await tx.standingRule.update({ where: { id: match.id }, data: { fireCount: { increment: 1 }, lastFiredAt: new Date() } });
      await recordAudit(tx, { actor, action: "standing_rule.fire", targetType: "standing_rule", targetId: match.id, after: { approvalId: a.id, fireCount: fired.fireCount } });
      await recordAudit(tx, { actor, action: "approval.vote.approve", targetType: "approval", targetId: a.id, after: { voteId: vote.id, decision: "approve", comment, standingRuleId: match.id } });
      await recordAudit(tx, {
        actor,
        action: "approval.approved",
        targetType: "approval",
        targetId: a.id,
        before: { status: "pending" },
        after: { status: "approved", approvals: 1, requiredApprovals: a.requiredApprovals, standingRule: label },
      });
      const changed = await tx.$queryRaw<{ decided_at: Date }[]>`
        WITH u AS (
          UPDATE approvals SET status = 'approved', decided_at = clock_timestamp()
          WHERE id = ${a.id}::uuid AND status = 'pending' RETURNING id, decided_at)
        SELECT decided_at, pg_notify(${APPROVALS_CHANNEL}, id::text)::text AS notified FROM u`;
      if (changed.length !== 1) throw new NoLongerPending();
      return changed[0].decided_at;
    });
    return { ...a, status: "approved", decidedAt };
  } catch (err) {
    if (!(err instanceof NoLongerPending)) throw err;
    return (await db().approval.findUnique({ where: { id: a.id } })) as A;
  }
}
