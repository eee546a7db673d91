import "server-only";
import { ApiError } from "../http/errors";
import { serverShutdownSignal } from "../lifecycle/server-shutdown";
import { wardenMetrics } from "../telemetry/warden-metrics";
import { subscribeApprovalChanges } from "./approval-changes";
import { getGatewayApproval, type GatewayApproval } from "./get-gateway-approval";

/**
 * GET /api/v1/approvals/{id}?wait=N: returns as soon as the approval is no longer pending (woken by the
 * LISTEN/NOTIFY fan-out, whichever instance decided), at its deadline (then as expired), when a reviewer
 * extends the deadline (still pending, with the new expiresAt), or after N seconds (or as soon as the
 * gateway hangs up: `signal`). When this server shuts down, a pending wait ends at once
 * with a retryable 503 (Retry-After: 1), so the gateway asks again — another instance, or this one restarted.
 */
export async function waitForApproval(opts: { id: string; gatewayId: string; waitSeconds: number; signal?: AbortSignal }): Promise<GatewayApproval> {
  if (opts.waitSeconds <= 0) return getGatewayApproval(opts);
  const deadline = Date.now() + opts.waitSeconds * 1000;
  const shutdown = serverShutdownSignal();
  const signal = opts.signal ? AbortSignal.any([opts.signal, shutdown]) : shutdown;
  const sub = await subscribeApprovalChanges(opts.id);
  const held = wardenMetrics().longPollsHeld;
  held.inc();
  try {
    let a = await getGatewayApproval(opts);
    const firstExpiresAt = a.expiresAt.getTime();
    while (a.status === "pending") {
      const now = Date.now();
      if (now >= deadline || signal.aborted) break;
      // Wake at the approval's own deadline too (+ a hair, so the read sees it past due).
      await sub.next(Math.min(deadline, a.expiresAt.getTime() + 5) - now, signal);
      a = await getGatewayApproval(opts);
      // A reviewer extended the deadline: answer now, so the gateway learns the new expiresAt at once.
      if (a.status === "pending" && a.expiresAt.getTime() !== firstExpiresAt) break;
    }
    if (a.status === "pending" && shutdown.aborted) {
      throw new ApiError("unavailable", "Warden is restarting; ask again.", { retryAfterSeconds: 1 });
    }
    return a;
  } finally {
    held.dec();
    sub.close();
  }
}
