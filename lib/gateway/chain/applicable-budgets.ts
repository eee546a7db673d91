import { BudgetPolicyEntry } from "../../budgets/schema";
import type { GatewayCall } from "../call";
import type { GatewayPolicy } from "../warden/create-warden-gateway-api";

// The budgets of the cached policy a call falls under (the same scopes Warden applies: global, or naming
// its user, team, gateway, server or tool). Used when Warden cannot be asked: a call under a hard budget
// then fails closed, and `approvalAboveUsd` sends costly calls to a person. An entry this gateway cannot
// read (a newer Warden) counts as unreadable, and the callers treat it as a hard budget (fail closed).

export function applicableBudgets(policy: GatewayPolicy, call: Pick<GatewayCall, "identity" | "server" | "tool">): { budgets: BudgetPolicyEntry[]; unreadable: number } {
  const out: BudgetPolicyEntry[] = [];
  let unreadable = 0;
  for (const raw of policy.budgets) {
    const parsed = BudgetPolicyEntry.safeParse(raw);
    if (!parsed.success) {
      unreadable++;
      continue;
    }
    const b = parsed.data;
    const v = b.scopeValue;
    const applies =
      b.scope === "global" ||
      (b.scope === "user" && v === call.identity.userId) ||
      (b.scope === "team" && v !== null && v === call.identity.team) ||
      (b.scope === "gateway" && v === policy.gatewayId) ||
      (b.scope === "server" && v === call.server) ||
      (b.scope === "tool" && v === call.tool);
    if (applies) out.push(b);
  }
  return { budgets: out, unreadable };
}

/** Whether a call with a cost needs Warden's answer to run: a hard budget (or one unreadable) applies. */
export function spendNeedsWarden(policy: GatewayPolicy | null, call: Pick<GatewayCall, "identity" | "server" | "tool">): boolean {
  if (!policy) return true;
  const { budgets, unreadable } = applicableBudgets(policy, call);
  return unreadable > 0 || budgets.some((b) => b.mode === "hard");
}
