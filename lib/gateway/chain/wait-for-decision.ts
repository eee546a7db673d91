import type { GatewayApprovalResponse } from "../../approvals/schema";
import { WardenUnavailableError } from "../warden/warden-errors";
import type { CallContext } from "./stage";

// Waiting on a person in Warden's approval queue: shared by the approval stage (a call waits to run) and the
// output guard's hold (a result waits to be released). Long-polls `GET /api/v1/approvals/{id}`, following a
// deadline a reviewer extends; an unreachable Warden is retried until past the deadline (then it throws).

/** How long past the last known deadline the gateway keeps trying an unreachable Warden before giving up. */
const UNREACHABLE_GRACE_MS = 30_000;

/**
 * Long-polls until the approval is decided, or until `until` (epoch ms; then it answers with the pending
 * state). Updates `approval.expiresAt` as the deadline moves. Throws if the call is aborted.
 */
export async function waitForDecision(ctx: CallContext, approval: { id: string; expiresAt: string }, until = Infinity): Promise<GatewayApprovalResponse> {
  const { call, deps } = ctx;
  const pollSeconds = Math.min(60, Math.max(1, deps.config.approvals?.pollSeconds ?? 25));
  for (;;) {
    call.signal.throwIfAborted();
    try {
      const left = Math.ceil((until - Date.now()) / 1000);
      const r = await deps.warden.getApproval(approval.id, { waitSeconds: Math.max(0, Math.min(pollSeconds, left)), signal: call.signal });
      approval.expiresAt = r.expiresAt; // a reviewer may have extended the deadline
      if (r.status !== "pending" || Date.now() >= until - 500) return r;
    } catch (err) {
      if (call.signal.aborted || !(err instanceof WardenUnavailableError)) throw err;
      if (Date.now() > Date.parse(approval.expiresAt) + UNREACHABLE_GRACE_MS) throw err;
      deps.log.warn({ approvalId: approval.id, err: err.message }, "Warden unreachable while waiting for an approval; retrying");
      await sleep(1000, call.signal);
    }
  }
}

/**
 * Clients that gave a progress token hear every `approvals.progressMs` (10 s) what the call waits for, so their
 * request timeout (reset on progress) does not fire. Returns the function that stops it.
 */
export function startApprovalProgress(ctx: CallContext, message: () => string): () => void {
  const { call, deps } = ctx;
  if (!call.progress || call.meta?.progressToken === undefined) return () => {};
  let n = 0;
  const send = () => {
    try {
      call.progress!({ progress: ++n, message: message() });
    } catch (err) {
      deps.log.debug({ err: (err as Error).message }, "progress notification failed");
    }
  };
  send();
  const timer = setInterval(send, deps.config.approvals?.progressMs ?? 10_000);
  timer.unref();
  return () => clearInterval(timer);
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const t = setTimeout(() => {
      signal.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(t);
      reject(signal.reason);
    };
    signal.addEventListener("abort", onAbort, { once: true });
  });
}
