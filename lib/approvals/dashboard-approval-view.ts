import "server-only";
import { db } from "../db";
import type { Approval, ApprovalVote } from "../generated/prisma/client";
import { rateApprovalRisk, type ApprovalRisk } from "./rate-approval-risk";
import { standingRuleLabels } from "./standing-rule-labels";
import type { ApprovalStatusName } from "./schema";

// What the dashboard shows of an approval (JSON-safe: dates as ISO strings, money as exact text).

export interface DashboardVote {
  id: string;
  reviewerId: string;
  reviewerEmail: string;
  reviewerName: string | null;
  decision: "approve" | "deny";
  comment: string | null;
  at: string;
}

export interface DashboardApproval {
  id: string;
  gatewayId: string;
  gatewayName: string;
  requestId: string;
  status: ApprovalStatusName;
  server: string;
  tool: string;
  userId: string;
  team: string | null;
  agent: string | null;
  /** jwt, static-token or config (config: the gateway asserted the user; unverified); null from older gateways. */
  identitySource: string | null;
  sessionId: string | null;
  reason: string | null;
  riskScore: number | null;
  riskFlags: string[];
  /** The score reviewers see (0–100), from the flags and the gateway's score, with what produced it. */
  risk: ApprovalRisk;
  estimatedCostUsd: string | null;
  requiredApprovals: number;
  requireComment: boolean;
  reviewerTeam: string | null;
  ruleId: string | null;
  ruleName: string | null;
  approvals: number;
  votes: DashboardVote[];
  expiresAt: string;
  createdAt: string;
  decidedAt: string | null;
  /** Who said they are on it, while pending (advisory: lib/approvals/claim-approval.ts). */
  claim: { reviewerId: string; reviewerEmail: string; at: string } | null;
  /** Expiry handling: when the reviewers were warned, when and to whom it was escalated, the one extension. */
  expiry: { warnedAt: string | null; escalatedAt: string | null; escalatedTo: string | null; extendedAt: string | null; extendReason: string | null };
}

type Row = Approval & { votes: ApprovalVote[]; rule: { name: string } | null };

/** Maps rows to dashboard views, resolving gateway names and reviewers in two queries for the whole page. */
export async function dashboardApprovalViews(rows: Row[]): Promise<DashboardApproval[]> {
  const gatewayIds = [...new Set(rows.map((r) => r.gatewayId))];
  const reviewerIds = [...new Set(rows.flatMap((r) => [...r.votes.map((v) => v.reviewerId), ...(r.claimedById ? [r.claimedById] : [])]))];
  const [gateways, reviewers] = await Promise.all([
    gatewayIds.length ? db().gateway.findMany({ where: { id: { in: gatewayIds } }, select: { id: true, name: true } }) : [],
    reviewerIds.length ? db().user.findMany({ where: { id: { in: reviewerIds } }, select: { id: true, email: true, name: true } }) : [],
  ]);
  const gatewayName = new Map(gateways.map((g) => [g.id, g.name]));
  const reviewer = new Map(reviewers.map((u) => [u.id, u]));
  // Votes Warden cast by a standing rule: the reviewer reads "standing rule N".
  const standing = await standingRuleLabels(rows.flatMap((r) => r.votes.flatMap((v) => (v.standingRuleId ? [v.standingRuleId] : []))));
  return rows.map((a) => {
    const votes = [...a.votes]
      .sort((x, y) => x.createdAt.getTime() - y.createdAt.getTime())
      .map((v) => ({
        id: v.id,
        reviewerId: v.reviewerId,
        reviewerEmail: reviewer.get(v.reviewerId)?.email ?? standing.get(v.reviewerId) ?? "(deleted user)",
        reviewerName: reviewer.get(v.reviewerId)?.name ?? null,
        decision: v.decision === "deny" ? ("deny" as const) : ("approve" as const),
        comment: v.comment,
        at: v.createdAt.toISOString(),
      }));
    return {
      id: a.id,
      gatewayId: a.gatewayId,
      gatewayName: gatewayName.get(a.gatewayId) ?? a.gatewayId,
      requestId: a.requestId,
      status: a.status,
      server: a.server,
      tool: a.tool,
      userId: a.userId,
      team: a.team,
      agent: a.agent,
      identitySource: a.identitySource,
      sessionId: a.sessionId,
      reason: a.reason,
      riskScore: a.riskScore,
      riskFlags: a.riskFlags,
      risk: rateApprovalRisk({ riskScore: a.riskScore, riskFlags: a.riskFlags }),
      estimatedCostUsd: a.estimatedCostUsd?.toString() ?? null,
      requiredApprovals: a.requiredApprovals,
      requireComment: a.requireComment,
      reviewerTeam: a.reviewerTeam,
      ruleId: a.ruleId,
      ruleName: a.rule?.name ?? null,
      approvals: votes.filter((v) => v.decision === "approve").length,
      votes,
      expiresAt: a.expiresAt.toISOString(),
      createdAt: a.createdAt.toISOString(),
      decidedAt: a.decidedAt?.toISOString() ?? null,
      claim: a.status === "pending" && a.claimedById && a.claimedAt ? { reviewerId: a.claimedById, reviewerEmail: reviewer.get(a.claimedById)?.email ?? "(deleted user)", at: a.claimedAt.toISOString() } : null,
      expiry: {
        warnedAt: a.warnedAt?.toISOString() ?? null,
        escalatedAt: a.escalatedAt?.toISOString() ?? null,
        escalatedTo: a.escalatedTo,
        extendedAt: a.extendedAt?.toISOString() ?? null,
        extendReason: a.extendReason,
      },
    };
  });
}
