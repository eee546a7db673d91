import "server-only";
import { subscribeApprovalChanges } from "./approval-changes";
import { getGatewayApproval, type GatewayApproval } from "./get-gateway-approval";

/**
 * GET /api/v1/approvals/{id}?wait=N: returns as soon as the approval is no longer pending (woken by the
 * LISTEN/NOTIFY fan-out, whichever instance decided), at its deadline (then as expired), or after N seconds
 * (or as soon as the gateway hangs up: `signal`).
 */
export async function waitForApproval(opts: { id: string; gatewayId: string; waitSeconds: number; signal?: AbortSignal }): Promise<GatewayApproval> {
  if (opts.waitSeconds <= 0) return getGatewayApproval(opts);
  const deadline = Date.now() + opts.waitSeconds * 1000;
  const sub = await subscribeApprovalChanges(opts.id);
  try {
    let a = await getGatewayApproval(opts);
    while (a.status === "pending") {
      const now = Date.now();
      if (now >= deadline || opts.signal?.aborted) break;
      // Wake at the approval's own deadline too (+ a hair, so the read sees it past due).
      await sub.next(Math.min(deadline, a.expiresAt.getTime() + 5) - now, opts.signal);
      a = await getGatewayApproval(opts);
    }
    return a;
  } finally {
    sub.close();
  }
}
