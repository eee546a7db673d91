import { ruleApplies } from "../../approvals/match-approval-rule";
import type { CallContext } from "./stage";
import { applicableBudgets } from "./applicable-budgets";

// Whether a call must wait for a person, and why: the first approval rule of the policy that applies
// (Warden already filtered them for this gateway and sorted them), or a budget whose `approvalAboveUsd`
// the call's cost passes.

const EPOCH = new Date(0);

export function findApprovalNeed(ctx: Pick<CallContext, "call" | "policy" | "settings" | "event">): { reason: string } | null {
  const policy = ctx.policy?.policy;
  if (!policy) return null;
  const { call } = ctx;
  const cost = ctx.settings.costPerCallUsd;
  const subject = { gatewayId: policy.gatewayId, gatewayName: policy.gatewayId, server: call.server, tool: call.tool, estimatedCostUsd: cost, riskFlags: ctx.event.riskFlags ?? [] };
  const rule = policy.approvalRules.find((r) => ruleApplies({ ...r, enabled: true, createdAt: EPOCH, gatewayPattern: "*", reviewerTeam: null }, subject));
  if (rule) return { reason: `rule "${rule.name}"` };
  if (cost !== null) {
    const over = applicableBudgets(policy, call).budgets.find((b) => b.approvalAboveUsd !== null && cost > Number(b.approvalAboveUsd));
    if (over) return { reason: `budget "${over.name}": calls above $${over.approvalAboveUsd} need approval` };
  }
  return null;
}
