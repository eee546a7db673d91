import "server-only";
import { createHash } from "node:crypto";
import { db } from "../db";
import { canonicalJson } from "../audit/record-audit";
import { findBudgetPolicy } from "../budgets/find-budget-policy";
import { globMatch } from "../approvals/glob-match";
import { sortRules } from "../approvals/match-approval-rule";
import { approvalRuleView } from "../approvals/approval-rule-view";
import { findToolSettings } from "./find-tool-settings";
import type { GetPolicyResponse } from "./schema";

/**
 * GET /api/v1/policy: the enabled approval rules that can apply to this gateway (its name or id matches
 * the rule's gateway pattern), the tools it must block (none yet: Warden has no block rules), the budgets'
 * state and the central per-tool settings (cost per call, timeout, rate limit; they override its config), with a strong ETag over the canonical JSON so an unchanged policy costs a 304.
 */
export async function getGatewayPolicy(gateway: { gatewayId: string; gatewayName: string }): Promise<{ policy: GetPolicyResponse; etag: string }> {
  const [rules, budgets, tools] = await Promise.all([
    db().approvalRule.findMany({ where: { enabled: true } }),
    findBudgetPolicy(gateway.gatewayId),
    findToolSettings(),
  ]);
  const policy: GetPolicyResponse = {
    gatewayId: gateway.gatewayId,
    patternSyntax: "glob",
    approvalRules: sortRules(rules)
      .filter((r) => globMatch(r.gatewayPattern, gateway.gatewayName) || globMatch(r.gatewayPattern, gateway.gatewayId))
      .map(approvalRuleView)
      .map(({ id, name, priority, serverPattern, toolPattern, minCostUsd, riskFlags, requiredApprovals, timeoutSeconds, requireCommentToApprove }) => ({
        id, name, priority, serverPattern, toolPattern, minCostUsd, riskFlags, requiredApprovals, timeoutSeconds, requireCommentToApprove,
      })),
    blockedTools: [],
    budgets,
    tools: tools.map(({ updatedAt: _u, ...t }) => t),
  };
  const etag = `"${createHash("sha256").update(canonicalJson(policy)).digest("base64url").slice(0, 32)}"`;
  return { policy, etag };
}

/** Whether an If-None-Match header names this ETag (also as a weak validator or in a list, or `*`). */
export function etagMatches(ifNoneMatch: string | null, etag: string): boolean {
  if (!ifNoneMatch) return false;
  return ifNoneMatch.split(",").some((t) => {
    const v = t.trim();
    return v === "*" || v === etag || v === `W/${etag}`;
  });
}
