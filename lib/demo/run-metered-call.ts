import "server-only";
import { setTimeout as sleep } from "node:timers/promises";
import { log } from "../log";
import { AuthorizeSpendResponse, ReleaseSpendResponse } from "../budgets/schema";
import type { WardenEventInput } from "../sdk/warden-client";
import { callGatewayApi, type DemoGateway } from "./call-gateway-api";

const round6 = (x: number) => Math.round(x * 1e6) / 1e6;

export interface MeteredCall {
  /** The call as it would be recorded unmetered (its cost is replaced by the actual one). */
  event: WardenEventInput & { timestamp: string };
  /** What the call is expected to cost. */
  estimateUsd: number;
  approvalId?: string;
  /** Share of reservations the agent gives up on before the call (released, no event). */
  releaseShare: number;
  /** The longest the call is simulated to take. */
  maxCallMs: number;
}

/**
 * A costly call as a gateway under budgets makes it: reserve the estimate (POST /api/v1/spend/authorize),
 * run the call, report it with the reservation and the actual cost (±20 % of the estimate), which settles
 * it. Refused: the call does not run and is recorded as blocked (`budget_exceeded`). Now and then the
 * agent drops the call after reserving, and the gateway releases the reservation (POST /api/v1/spend/release).
 * When the live traffic stops during the call, the reservation is released too: nothing is left held.
 */
export async function runMeteredCall(gw: DemoGateway, call: MeteredCall): Promise<void> {
  const { event } = call;
  const estimate = round6(call.estimateUsd);
  const auth = await callGatewayApi(gw, "/spend/authorize", {
    method: "POST",
    body: { userId: event.userId, team: event.team, server: event.server, tool: event.tool, estimatedCostUsd: estimate, ttlSeconds: 300 },
    timeoutMs: 5000,
  });
  if (auth.status !== 200) {
    log.warn({ status: auth.status, body: auth.json }, "demo: spend authorization failed; the call is dropped");
    return;
  }
  const decision = AuthorizeSpendResponse.parse(auth.json);
  if (!decision.allowed) {
    gw.record({
      ...event,
      status: "blocked",
      errorType: undefined,
      durationMs: 0,
      costUsd: undefined,
      inputTokens: undefined,
      outputTokens: undefined,
      riskFlags: [...new Set([...(event.riskFlags ?? []), "budget_exceeded"])],
      resultSummary: `refused by budget "${decision.budget.name}": ${decision.reason}`.slice(0, 4000),
      approvalId: call.approvalId,
    });
    return;
  }
  const { reservationId } = decision;
  // The call runs (its duration, capped), unless the agent drops it or the live traffic stops meanwhile.
  const dropped = gw.rnd() < call.releaseShare;
  const wait = dropped ? gw.rnd() * Math.min(2000, call.maxCallMs) : Math.min(event.durationMs ?? 0, call.maxCallMs);
  const ran = await sleep(Math.round(wait), undefined, { signal: gw.signal }).then(
    () => !dropped,
    () => false,
  );
  if (!ran) return release(gw, reservationId);
  gw.record({ ...event, costUsd: round6(estimate * (0.8 + 0.4 * gw.rnd())), reservationId, approvalId: call.approvalId });
}

async function release(gw: DemoGateway, reservationId: string): Promise<void> {
  try {
    const res = await callGatewayApi(gw, "/spend/release", { method: "POST", body: { reservationId }, timeoutMs: 3000 });
    if (res.status !== 200) log.warn({ status: res.status, body: res.json }, "demo: releasing a reservation failed (it expires on its own)");
    else ReleaseSpendResponse.parse(res.json);
  } catch (err) {
    log.warn({ err: String(err) }, "demo: releasing a reservation failed (it expires on its own)");
  }
}
