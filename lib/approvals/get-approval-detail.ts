import "server-only";
import { isAllowedReviewer } from "./is-allowed-reviewer";
import { z } from "zod";
import { db } from "../db";
import { previewSpend, type SpendPreviewLine } from "../budgets/preview-spend";
import { maskSecrets } from "../guards/mask-secrets";
import { ApiError } from "../http/errors";
import { dashboardApprovalViews, type DashboardApproval } from "./dashboard-approval-view";
import { isOwnRequest, type Reviewer } from "./decide-approval";
import { expireApprovals } from "./expire-approvals";

export interface RecentCall {
  id: string;
  ts: string;
  server: string;
  tool: string;
  status: string;
  costUsd: string | null;
  riskFlags: string[];
}

export interface ApprovalDetail extends DashboardApproval {
  /** The params with detected secrets masked (`[masked secret: <kind>]`); null when none are kept. */
  params: unknown;
  /** When Warden replaced the full params by the masked copy (the request was decided), if it did. */
  paramsRedactedAt: string | null;
  paramsHash: string;
  justification: string | null;
  userGoal: string | null;
  rule: {
    id: string;
    name: string;
    gatewayPattern: string;
    serverPattern: string;
    toolPattern: string;
    minCostUsd: string | null;
    riskFlags: string[];
  } | null;
  /**
   * While pending, for a request with an estimated cost: each budget the call falls under, what it has
   * left and whether this call would exceed it (null otherwise).
   */
  budgets: SpendPreviewLine[] | null;
  /** The same user's latest calls (any gateway), newest first. */
  recentCalls: RecentCall[];
  /** Why this viewer may not decide, if so (the server enforces it anyway). */
  viewer: { ownRequest: boolean; alreadyVoted: boolean; teamAllowed: boolean };
}

/** GET /api/approvals/{id}: everything a reviewer needs to judge one request. */
export async function getApprovalDetail(opts: { id: string; viewer: Reviewer }): Promise<ApprovalDetail> {
  if (!z.uuid().safeParse(opts.id).success) throw new ApiError("not_found", `No approval ${opts.id}.`);
  await expireApprovals({ ids: [opts.id] });
  const a = await db().approval.findUnique({ where: { id: opts.id }, include: { votes: true, rule: true } });
  if (!a) throw new ApiError("not_found", `No approval ${opts.id}.`);
  const [[view], recent, budgets] = await Promise.all([
    dashboardApprovalViews([a]),
    db().event.findMany({
      where: { userId: a.userId },
      orderBy: { ts: "desc" },
      take: 10,
      select: { id: true, ts: true, server: true, tool: true, status: true, costUsd: true, riskFlags: true },
    }),
    a.status === "pending" && a.estimatedCostUsd !== null
      ? previewSpend({ gatewayId: a.gatewayId, userId: a.userId, team: a.team, server: a.server, tool: a.tool, estimatedCostUsd: a.estimatedCostUsd.toString() })
      : null,
  ]);
  return {
    ...view,
    // Reviewers never see a detected secret: the masked copy (masking it again is a no-op; it also covers
    // rows stored before masking existed). Null once the retention period dropped the params.
    params: maskSecrets(a.paramsMasked ?? a.params),
    paramsRedactedAt: a.paramsRedactedAt?.toISOString() ?? null,
    paramsHash: a.paramsHash,
    justification: a.justification,
    userGoal: a.userGoal,
    rule: a.rule && {
      id: a.rule.id,
      name: a.rule.name,
      gatewayPattern: a.rule.gatewayPattern,
      serverPattern: a.rule.serverPattern,
      toolPattern: a.rule.toolPattern,
      minCostUsd: a.rule.minCostUsd?.toString() ?? null,
      riskFlags: a.rule.riskFlags,
    },
    budgets,
    recentCalls: recent.map((e) => ({
      id: e.id,
      ts: e.ts.toISOString(),
      server: e.server,
      tool: e.tool,
      status: e.status,
      costUsd: e.costUsd?.toString() ?? null,
      riskFlags: e.riskFlags,
    })),
    viewer: {
      ownRequest: isOwnRequest(a.userId, opts.viewer),
      alreadyVoted: a.votes.some((v) => v.reviewerId === opts.viewer.id),
      teamAllowed: isAllowedReviewer(a, opts.viewer.team),
    },
  };
}
