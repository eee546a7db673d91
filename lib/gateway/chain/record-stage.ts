import type { Stage } from "./stage";

// Stage "record" (outermost): every call becomes exactly one event. The "started" record is durable in the
// spool before anything else runs (so a call the gateway dies in — waiting for a person or upstream — is
// reported after restart as gateway_restarted); "finished" carries the complete event. A spool that cannot
// take the record refuses the call (fail closed, as Vault does when it cannot write its audit log).
//
// Write-ahead, as a database log: the call waits for its "started" record to be durable, the answer does not
// wait for "finished". The finished record is queued before the answer leaves (so it is in the next group
// commit, and shutdown flushes it); a crash in the fraction of a millisecond before that commit reports the
// call as gateway_restarted, outcome unknown — recorded, never lost. That takes one fsync off every call's
// latency (docs/spool.md, "Latency").

export const recordStage: Stage = async (ctx, next) => {
  const { spool, log } = ctx.deps;
  try {
    await spool.started({ ...ctx.event, status: "error", errorType: "gateway_restarted", decisions: [] });
  } catch (err) {
    const full = (err as Error)?.name === "SpoolFullError";
    log.error({ eventId: ctx.event.id, err: (err as Error).message }, full ? "spool full: call refused" : "spool write failed: call refused");
    try {
      return ctx.fail({
        stage: "record",
        status: "blocked",
        errorType: full ? "spool_full" : "spool_error",
        message: full
          ? "Warden Gateway refused the call: its local audit spool is full, and calls it cannot record are not run."
          : "Warden Gateway refused the call: it could not write the call's audit record.",
      });
    } finally {
      ctx.deps.counters?.callFinished(finalize(ctx));
    }
  }
  try {
    return await next();
  } catch (err) {
    if (ctx.event.errorType === "gateway_error") log.error({ eventId: ctx.event.id, err: (err as Error)?.message }, "call chain failed");
    throw err;
  } finally {
    if (ctx.suspended) await suspend(ctx);
    else finish(ctx);
  }
};

/** The round ended with `input_required` (a resumable approval hold): the call is not over, so no event yet. */
async function suspend(ctx: Parameters<Stage>[0]) {
  try {
    await ctx.deps.spool.suspended(ctx.event.id);
  } catch (err) {
    // The started record stays: after a restart the call is reported as gateway_restarted.
    ctx.deps.log.error({ eventId: ctx.event.id, err: (err as Error).message }, "spool could not record the suspended call");
  }
}

/** Queues the finished record (synchronously, inside spool.finished) and returns without waiting for its commit. */
function finish(ctx: Parameters<Stage>[0]): void {
  const { spool, log } = ctx.deps;
  ctx.decide("record", "allow");
  const event = finalize(ctx);
  spool.finished(event).catch((err: unknown) => {
    // The started record stays: after a restart the call is reported as gateway_restarted.
    log.error({ eventId: event.id, err: (err as Error).message }, "spool could not record the finished call");
  });
  ctx.deps.counters?.callFinished(event);
}

function finalize(ctx: Parameters<Stage>[0]) {
  const e = ctx.event;
  e.durationMs = Math.max(0, Math.round(Date.now() - ctx.call.startedAt.getTime()));
  if (e.riskFlags && e.riskFlags.length === 0) delete e.riskFlags;
  return e;
}
