import type { ApprovalRule } from "../generated/prisma/client";

// An approval rule as the dashboard and the audit log see it: the webhook secret never leaves the server
// after its creation (only whether there is one).
export interface ApprovalRuleView {
  id: string;
  name: string;
  enabled: boolean;
  priority: number;
  gatewayPattern: string;
  serverPattern: string;
  toolPattern: string;
  minCostUsd: string | null;
  riskFlags: string[];
  requiredApprovals: number;
  timeoutSeconds: number;
  requireCommentToApprove: boolean;
  reviewerTeam: string | null;
  webhookUrl: string | null;
  hasWebhookSecret: boolean;
  /** Standing rules never approve a request under this rule. */
  humanEveryTime: boolean;
  warnAtPercent: number;
  escalationTeam: string | null;
  escalateAtPercent: number;
  createdAt: string;
  updatedAt: string;
}

export function approvalRuleView(r: ApprovalRule): ApprovalRuleView {
  return {
    id: r.id,
    name: r.name,
    enabled: r.enabled,
    priority: r.priority,
    gatewayPattern: r.gatewayPattern,
    serverPattern: r.serverPattern,
    toolPattern: r.toolPattern,
    minCostUsd: r.minCostUsd?.toString() ?? null,
    riskFlags: r.riskFlags,
    requiredApprovals: r.requiredApprovals,
    timeoutSeconds: r.timeoutSeconds,
    requireCommentToApprove: r.requireCommentToApprove,
    reviewerTeam: r.reviewerTeam,
    webhookUrl: r.webhookUrl,
    hasWebhookSecret: !!r.webhookSecret,
    humanEveryTime: r.humanEveryTime,
    warnAtPercent: r.warnAtPercent,
    escalationTeam: r.escalationTeam,
    escalateAtPercent: r.escalateAtPercent,
    createdAt: r.createdAt.toISOString(),
    updatedAt: r.updatedAt.toISOString(),
  };
}
