import "server-only";
import { setTimeout as sleep } from "node:timers/promises";
import { log } from "../log";
import { CreateApprovalResponse, GatewayApprovalResponse, type ApprovalStatusName } from "../approvals/schema";
import { gaussian } from "./demo-catalog";
import { callGatewayApi, type DemoGateway } from "./call-gateway-api";
import type { DemoApprovalCall } from "./make-demo-approval-request";
import { runMeteredCall } from "./run-metered-call";

const OUTCOME: Record<Exclude<ApprovalStatusName, "pending" | "approved">, { errorType: string; resultSummary: string }> = {
  denied: { errorType: "approval_denied", resultSummary: "denied by a reviewer" },
  expired: { errorType: "approval_expired", resultSummary: "expired: no reviewer decided in time (not a denial by a person); not run" },
  cancelled: { errorType: "approval_cancelled", resultSummary: "withdrawn by the gateway before a decision" },
};

export interface DemoApprovalOptions {
  /** Long-poll length (≤ 60 s). */
  waitSeconds: number;
  maxCallMs: number;
  /** Called once the request is in Warden (or refused). */
  onAsked?: () => void;
}

/**
 * One risky call held for a person, as a gateway does it: ask (POST /api/v1/approvals), long-poll the
 * decision (GET /api/v1/approvals/{id}?wait=…), then record the call's event with its approvalId: run when
 * approved (a costly one reserves its estimate first), `denied` when denied or expired. When the live
 * traffic stops while the request is pending, the long-poll is aborted and the request withdrawn
 * (POST …/cancel), so no reviewer is left a request nobody waits for; its event says so.
 */
export async function requestDemoApproval(gw: DemoGateway, call: DemoApprovalCall, opts: DemoApprovalOptions): Promise<void> {
  const created = await callGatewayApi(gw, "/approvals", { method: "POST", body: call.request, timeoutMs: 5000 }).finally(opts.onAsked);
  if (created.status !== 201 && created.status !== 200) {
    log.warn({ status: created.status, body: created.json }, "demo: an approval request was refused");
    return;
  }
  const { id } = CreateApprovalResponse.parse(created.json);
  let status: ApprovalStatusName | null = CreateApprovalResponse.parse(created.json).status;
  while (status === "pending" && !gw.signal.aborted) {
    try {
      const res = await callGatewayApi(gw, `/approvals/${id}?wait=${opts.waitSeconds}`, { timeoutMs: (opts.waitSeconds + 15) * 1000, signal: gw.signal });
      if (res.status === 200) status = GatewayApprovalResponse.parse(res.json).status;
      else if (res.status === 404) status = null;
      else await sleep(2000, undefined, { signal: gw.signal });
    } catch {
      if (!gw.signal.aborted) await sleep(2000, undefined, { signal: gw.signal }).catch(() => undefined);
    }
  }
  if (status === "pending") status = await withdraw(gw, id);
  if (status === null || status === "pending") {
    log.warn({ approvalId: id }, "demo: lost track of an approval request; its call is not recorded");
    return;
  }

  const { request, tool } = call;
  const event = {
    timestamp: new Date().toISOString(),
    userId: request.userId,
    team: request.team,
    agent: request.agent,
    sessionId: request.sessionId,
    server: request.server,
    tool: request.tool,
    params: request.params as Record<string, unknown>,
    riskFlags: request.riskFlags,
    approvalId: id,
  };
  if (status !== "approved") {
    gw.record({ ...event, status: "denied", durationMs: 0, ...OUTCOME[status] });
    return;
  }
  const durationMs = Math.max(1, Math.round(tool.latencyMs * Math.exp(0.6 * gaussian(gw.rnd))));
  if (request.estimatedCostUsd) {
    await runMeteredCall(gw, { event: { ...event, status: "ok", durationMs, resultSummary: "ok" }, estimateUsd: request.estimatedCostUsd, approvalId: id, releaseShare: 0, maxCallMs: opts.maxCallMs });
  } else {
    gw.record({ ...event, status: "ok", durationMs, resultSummary: "ok" });
  }
}

/** Withdraws a pending request; returns its final status (a decision may have come first), null if unknown. */
async function withdraw(gw: DemoGateway, id: string): Promise<ApprovalStatusName | null> {
  try {
    const res = await callGatewayApi(gw, `/approvals/${id}/cancel`, { method: "POST", timeoutMs: 3000 });
    if (res.status === 200) return GatewayApprovalResponse.parse(res.json).status;
    if (res.status === 409) {
      const now = await callGatewayApi(gw, `/approvals/${id}?wait=0`, { timeoutMs: 3000 });
      if (now.status === 200) return GatewayApprovalResponse.parse(now.json).status;
    }
    log.warn({ approvalId: id, status: res.status, body: res.json }, "demo: withdrawing an approval request failed");
  } catch (err) {
    log.warn({ approvalId: id, err: String(err) }, "demo: withdrawing an approval request failed");
  }
  return null;
}
