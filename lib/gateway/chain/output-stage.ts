import { OutputRefusal } from "../guards/output-refusal";
import type { OutputStage, Stage } from "./stage";

// Stage "output": the hook the guards plug into (issue 17; lib/gateway/guards/create-output-guard.ts) sees
// every upstream result before the client does: `(call, result, ctx) => Promise<{ result, flags }>`. It may
// return a rewritten result and add risk flags to the event, or throw an OutputRefusal (the output is
// blocked, or withheld by a reviewer) which replaces the result by a refusal. The default passes the result
// through. A hook that fails otherwise withholds the result (fail closed). Results the gateway made itself
// (refusals, a timeout) do not pass through it.

export const passThroughOutput: OutputStage = async (_call, result) => ({ result, flags: [] });

export const outputStage: Stage = async (ctx, next) => {
  const result = await next();
  if (!ctx.forwarded || result !== ctx.upstreamResult) return result;
  const hook = ctx.deps.outputStage;
  if (!hook) {
    ctx.decide("output", "skip", "no output guard");
    return result;
  }
  let out: { result: unknown; flags: string[] };
  try {
    out = await hook(ctx.call, result, ctx);
  } catch (err) {
    if (err instanceof OutputRefusal) return ctx.fail({ stage: "output", ...err.failure, message: err.message });
    return ctx.fail({ stage: "output", status: "error", errorType: "output_guard_error", message: `Warden Gateway withheld the result: its output guard failed (${(err as Error).message}).` });
  }
  ctx.addFlags(out.flags);
  ctx.decide("output", out.result === result ? "allow" : "modify", out.flags.length ? out.flags.join(",") : undefined);
  return out.result;
};
