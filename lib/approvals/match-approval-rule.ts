import { globMatch } from "./glob-match";
import { DEFAULT_TIMEOUT_SECONDS, MAX_TIMEOUT_SECONDS } from "./schema";

// Which approval rule governs a request, and the terms it sets. Pure: unit-tested without a database.

export interface RuleForMatching {
  id: string;
  enabled: boolean;
  priority: number;
  createdAt: Date;
  gatewayPattern: string;
  serverPattern: string;
  toolPattern: string;
  minCostUsd: string | number | null;
  riskFlags: string[];
  requiredApprovals: number;
  timeoutSeconds: number;
  requireCommentToApprove: boolean;
  reviewerTeam: string | null;
}

export interface CallForMatching {
  gatewayId: string;
  gatewayName: string;
  server: string;
  tool: string;
  estimatedCostUsd?: number | null;
  riskFlags?: string[];
}

/**
 * A rule applies when every condition it sets holds: the gateway (name or id), server and tool match its
 * globs, the estimated cost reaches its threshold (a rule with a threshold does not apply to a call with
 * no estimate), and the call carries at least one of its risk flags (when it lists any).
 */
export function ruleApplies(rule: RuleForMatching, call: CallForMatching): boolean {
  if (!rule.enabled) return false;
  if (!globMatch(rule.gatewayPattern, call.gatewayName) && !globMatch(rule.gatewayPattern, call.gatewayId)) return false;
  if (!globMatch(rule.serverPattern, call.server) || !globMatch(rule.toolPattern, call.tool)) return false;
  if (rule.minCostUsd !== null && rule.minCostUsd !== undefined) {
    if (call.estimatedCostUsd === undefined || call.estimatedCostUsd === null) return false;
    if (call.estimatedCostUsd < Number(rule.minCostUsd)) return false;
  }
  if (rule.riskFlags.length > 0) {
    const flags = new Set((call.riskFlags ?? []).map((f) => f.toLowerCase()));
    if (!rule.riskFlags.some((f) => flags.has(f.toLowerCase()))) return false;
  }
  return true;
}

/** Rules in the order they are tried: lowest priority number first, then oldest first. */
export function sortRules<R extends Pick<RuleForMatching, "priority" | "createdAt" | "id">>(rules: R[]): R[] {
  return [...rules].sort(
    (a, b) => a.priority - b.priority || a.createdAt.getTime() - b.createdAt.getTime() || a.id.localeCompare(b.id),
  );
}

export function matchApprovalRule<R extends RuleForMatching>(rules: R[], call: CallForMatching): R | null {
  return sortRules(rules).find((r) => ruleApplies(r, call)) ?? null;
}

export interface ApprovalTerms {
  ruleId: string | null;
  requiredApprovals: number;
  requireComment: boolean;
  reviewerTeam: string | null;
  timeoutSeconds: number;
}

/**
 * The terms of a new request: the rule's, or the defaults when no rule matches (one approval, 5 minutes).
 * The gateway may ask for a shorter timeout than the rule's, never a longer one; 24 h at the most.
 */
export function approvalTerms(rule: RuleForMatching | null, requestedTimeoutSeconds?: number): ApprovalTerms {
  const cap = Math.min(rule?.timeoutSeconds ?? DEFAULT_TIMEOUT_SECONDS, MAX_TIMEOUT_SECONDS);
  const timeoutSeconds = Math.max(1, Math.min(requestedTimeoutSeconds ?? cap, cap));
  return {
    ruleId: rule?.id ?? null,
    requiredApprovals: Math.max(1, rule?.requiredApprovals ?? 1),
    requireComment: rule?.requireCommentToApprove ?? false,
    reviewerTeam: rule?.reviewerTeam ?? null,
    timeoutSeconds,
  };
}
