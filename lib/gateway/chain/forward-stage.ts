import type { Stage } from "./stage";

// Stage "forward" (innermost): hands the call to the proxy's Forward with the tool's timeout and one signal
// that aborts on the client's cancellation or the timeout. A timeout answers an MCP error (status and
// errorType "timeout") and the upstream request is cancelled through the signal. Upstream errors are
// recorded (upstream_error) and re-thrown for the proxy to relay as they came.

export const forwardStage: Stage = async (ctx) => {
  const { call, event } = ctx;
  if (call.signal.aborted) {
    // The client left while the earlier stages ran: nothing goes upstream (a reservation is released).
    event.status = "error";
    event.errorType = "cancelled";
    ctx.decide("forward", "skip", "cancelled by the client before forwarding");
    throw call.signal.reason;
  }
  const timeoutMs = ctx.settings.timeoutMs;
  // One controller aborted by the client's signal or the timeout (what AbortSignal.any would give, without
  // its per-call WeakRef bookkeeping: Node's AbortSignal.any cost a few percent of the gateway's CPU per call).
  const abort = new AbortController();
  let timedOut = false;
  const onClientAbort = () => abort.abort(call.signal.reason);
  call.signal.addEventListener("abort", onClientAbort, { once: true });
  const timer = setTimeout(() => {
    timedOut = true;
    abort.abort(new TimeoutError(timeoutMs));
  }, timeoutMs);
  const signal = abort.signal;
  let rejectAborted!: (reason: unknown) => void;
  const aborted = new Promise<never>((_, reject) => (rejectAborted = reject));
  signal.addEventListener("abort", () => rejectAborted(signal.reason), { once: true });
  ctx.forwarded = true;
  if (ctx.settings.costPerCallUsd !== null) event.costUsd = ctx.settings.costPerCallUsd;
  try {
    // Race the signal too: a Forward that ignores it must not hold the call past its timeout.
    const result = await Promise.race([ctx.forward(call, { signal, timeoutMs }), aborted]);
    ctx.upstreamResult = result;
    const isError = typeof result === "object" && result !== null && (result as { isError?: unknown }).isError === true;
    event.status = isError ? "error" : "ok";
    event.errorType = isError ? "tool_error" : undefined;
    ctx.decide("forward", "allow", isError ? "tool returned an error" : undefined);
    return result;
  } catch (err) {
    if (timedOut && !call.signal.aborted) {
      return ctx.fail({ stage: "forward", status: "timeout", errorType: "timeout", outcome: "error", message: `${call.server}/${call.tool} timed out after ${timeoutMs} ms; the request was cancelled.` });
    }
    event.status = "error";
    event.errorType = call.signal.aborted ? "cancelled" : "upstream_error";
    ctx.decide("forward", "error", call.signal.aborted ? "cancelled by the client" : clip((err as Error)?.message ?? String(err)));
    throw err;
  } finally {
    clearTimeout(timer);
    call.signal.removeEventListener("abort", onClientAbort);
  }
};

class TimeoutError extends Error {
  override readonly name = "TimeoutError";
  constructor(ms: number) {
    super(`timed out after ${ms} ms`);
  }
}

const clip = (s: string) => (s.length > 200 ? `${s.slice(0, 200)}…` : s);
