import { WardenUnavailableError } from "../warden/warden-errors";
import { spendNeedsWarden } from "./applicable-budgets";
import { describeBudgetRefusal } from "./spend-messages";
import type { Stage } from "./stage";

// Stage "budget": a call with a cost asks Warden whether it would fit (POST /api/v1/spend/authorize
// with dryRun: nothing reserved) before anyone is asked to approve it; a call that would be refused is
// refused now, naming the budget. Warden unreachable: refused when a hard budget applies (fail closed),
// let through to the later stages otherwise.

export const budgetCheckStage: Stage = async (ctx, next) => {
  const cost = ctx.settings.costPerCallUsd;
  if (cost === null) {
    ctx.decide("budget", "skip", "no cost");
    return next();
  }
  const { call } = ctx;
  let answer;
  try {
    answer = await ctx.deps.warden.authorizeSpend(
      { userId: call.identity.userId, team: call.identity.team ?? null, server: call.server, tool: call.tool, estimatedCostUsd: cost, dryRun: true },
      call.signal,
    );
  } catch (err) {
    if (call.signal.aborted) throw err;
    const unavailable = err instanceof WardenUnavailableError;
    if (unavailable && !spendNeedsWarden(ctx.policy?.policy ?? null, call)) {
      ctx.decide("budget", "skip", "Warden unreachable; no hard budget applies");
      return next();
    }
    return ctx.fail({
      stage: "budget",
      status: "blocked",
      errorType: err instanceof WardenUnavailableError ? "warden_unavailable" : "warden_error",
      message: `Warden Gateway refused the call: it costs $${cost} and Warden could not confirm the budget (${(err as Error).message}).`,
      outcome: "error",
    });
  }
  if (!answer.allowed) {
    return ctx.fail({ stage: "budget", status: "blocked", errorType: "budget_exceeded", flags: ["budget_exceeded"], message: describeBudgetRefusal(answer, cost) });
  }
  ctx.decide("budget", "allow", `$${cost} fits`);
  return next();
};
