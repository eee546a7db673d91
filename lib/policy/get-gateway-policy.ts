import "server-only";
import { createHash } from "node:crypto";
import { db } from "../db";
import { canonicalJson } from "../audit/record-audit";
import { findBudgetPolicy } from "../budgets/find-budget-policy";
import { globMatch } from "../approvals/glob-match";
import { sortRules } from "../approvals/match-approval-rule";
import { approvalRuleView } from "../approvals/approval-rule-view";
import { findToolSettings } from "./find-tool-settings";
import { findInventoryPolicy } from "../inventory/find-inventory-policy";
import type { GetPolicyResponse, PolicyTool, ToolSettingView } from "./schema";
import type { InventoryPolicy } from "../inventory/find-inventory-policy";

/**
 * GET /api/v1/policy: the enabled approval rules that can apply to this gateway (its name or id matches
 * the rule's gateway pattern), the tools it must block (blocked in the tool inventory or by a server's kill
 * switch), the budgets' state, per tool the central settings (cost per call, timeout, rate limit; they
 * override its config) merged with the inventory's status and approved fingerprint, the servers' trust
 * policies and the active kill switches, with a strong ETag over the canonical JSON so an unchanged policy
 * costs a 304.
 */
export async function getGatewayPolicy(gateway: { gatewayId: string; gatewayName: string }): Promise<{ policy: GetPolicyResponse; etag: string }> {
  const [rules, budgets, settings, inventory] = await Promise.all([
    db().approvalRule.findMany({ where: { enabled: true } }),
    findBudgetPolicy(gateway.gatewayId),
    findToolSettings(),
    findInventoryPolicy(gateway),
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
    blockedTools: inventory.blockedTools,
    budgets,
    tools: mergeTools(settings, inventory.tools),
    servers: inventory.servers,
    defaultTrustPolicy: inventory.defaultTrustPolicy,
    killSwitch: inventory.killSwitch,
  };
  const etag = `"${createHash("sha256").update(canonicalJson(policy)).digest("base64url").slice(0, 32)}"`;
  return { policy, etag };
}

/** One entry per server × tool: central settings (nulls when none) with the inventory's decision (when one), sorted. */
function mergeTools(settings: ToolSettingView[], decisions: InventoryPolicy["tools"]): PolicyTool[] {
  const byKey = new Map<string, PolicyTool>();
  const key = (server: string, tool: string) => JSON.stringify([server, tool]);
  for (const { updatedAt: _u, ...t } of settings) byKey.set(key(t.server, t.tool), t);
  for (const d of decisions) {
    const k = key(d.server, d.tool);
    const base = byKey.get(k) ?? { server: d.server, tool: d.tool, costPerCallUsd: null, timeoutMs: null, rateLimitPerMinute: null };
    byKey.set(k, { ...base, status: d.status, approvedFingerprint: d.approvedFingerprint });
  }
  return [...byKey.values()].sort((a, b) => (a.server < b.server ? -1 : a.server > b.server ? 1 : a.tool < b.tool ? -1 : a.tool > b.tool ? 1 : 0));
}

/** Whether an If-None-Match header names this ETag (also as a weak validator or in a list, or `*`). */
export function etagMatches(ifNoneMatch: string | null, etag: string): boolean {
  if (!ifNoneMatch) return false;
  return ifNoneMatch.split(",").some((t) => {
    const v = t.trim();
    return v === "*" || v === etag || v === `W/${etag}`;
  });
}
