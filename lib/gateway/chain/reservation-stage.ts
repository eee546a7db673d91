import { WardenUnavailableError } from "../warden/warden-errors";
import { spendNeedsWarden } from "./applicable-budgets";
import { describeBudgetRefusal } from "./spend-messages";
import type { Stage } from "./stage";

// Stage "reservation": after the approval (a long wait never holds budget), a call with a cost reserves it
// with POST /api/v1/spend/authorize. The event carries the reservationId and the actual cost, so Warden
// settles the reservation when the event arrives; if the call never reaches the upstream, it is released.

export const reservationStage: Stage = async (ctx, next) => {
  const cost = ctx.settings.costPerCallUsd;
  if (cost === null) {
    ctx.decide("reservation", "skip", "no cost");
    return next();
  }
  const { call, deps } = ctx;
  let answer;
  try {
    answer = await deps.warden.authorizeSpend(
      {
        userId: call.identity.userId,
        team: call.identity.team ?? null,
        server: call.server,
        tool: call.tool,
        estimatedCostUsd: cost,
        ttlSeconds: Math.min(86_400, Math.max(60, Math.ceil(ctx.settings.timeoutMs / 1000) + 300)),
      },
      call.signal,
    );
  } catch (err) {
    if (call.signal.aborted) throw err;
    if (err instanceof WardenUnavailableError && !spendNeedsWarden(ctx.policy?.policy ?? null, call)) {
      ctx.decide("reservation", "skip", "Warden unreachable; no hard budget applies");
      return next();
    }
    return ctx.fail({
      stage: "reservation",
      status: "blocked",
      errorType: err instanceof WardenUnavailableError ? "warden_unavailable" : "warden_error",
      outcome: "error",
      message: `Warden Gateway refused the call: it costs $${cost} and Warden could not reserve the budget (${(err as Error).message}).`,
    });
  }
  if (!answer.allowed) {
    return ctx.fail({ stage: "reservation", status: "blocked", errorType: "budget_exceeded", flags: ["budget_exceeded"], message: describeBudgetRefusal(answer, cost) });
  }
  const reservationId = answer.reservationId;
  ctx.event.reservationId = reservationId;
  ctx.decide("reservation", "allow", `$${cost} reserved`);
  try {
    return await next();
  } finally {
    if (!ctx.forwarded) {
      delete ctx.event.reservationId;
      deps.warden.releaseSpend(reservationId).catch((err) => {
        // It expires on its own (ttl) when Warden is away.
        deps.log.warn({ reservationId, err: (err as Error).message }, "could not release an unused reservation");
      });
    }
  }
};
