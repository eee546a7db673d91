import "server-only";
import { db } from "../db";
import { log } from "../log";
import { createApiKey } from "../gateways/create-api-key";
import { WardenClient } from "../sdk/warden-client";
import { DEMO_GATED_TOOLS } from "./demo-approval-catalog";
import { DEMO_GATEWAYS, DEMO_LIVE_GATEWAY, DEMO_TOOLS, liveRhythm, orgCallsPerHour, poisson, prng } from "./demo-catalog";
import type { DemoGateway } from "./call-gateway-api";
import { makeDemoApprovalRequest } from "./make-demo-approval-request";
import { makeDemoEvent } from "./make-demo-event";
import { requestDemoApproval } from "./request-demo-approval";
import { runMeteredCall } from "./run-metered-call";
import { DEMO_ACTOR, ensureDemoGateways } from "./seed-demo";

const KEY_TTL_MS = 24 * 3_600_000;
const liveShare = DEMO_GATEWAYS.find((g) => g.name === DEMO_LIVE_GATEWAY)!.share;
/** The demo's busiest hour: a weekday at 14:00 UTC (2026-01-01 was a Thursday). */
const PEAK_CALLS_PER_HOUR = orgCallsPerHour(new Date(Date.UTC(2026, 0, 1, 14)));
/** Tools whose calls cost enough for the gateway to reserve their estimate first (a share of them). */
const METERED_TOOLS = new Set(DEMO_TOOLS.filter((t) => t.costUsd >= 0.005).map((t) => `${t.server}.${t.tool}`));

export interface LiveTrafficOptions {
  baseUrl: string;
  /** Milliseconds between two ticks (default 2000). */
  tickMs?: number;
  /** A constant rate of calls per hour instead of the demo's daily and weekly rhythm (tests). */
  callsPerHour?: number;
  /**
   * Mean time between two approval requests at the busiest hour (default 4 min); off hours they come
   * less often, with the same rhythm as the calls (with `callsPerHour`, always at this rate).
   */
  approvalEveryMs?: number;
  /** Approval requests pending at once, at most (default 4), so a reviewer who leaves the demo running is not flooded. */
  maxPendingApprovals?: number;
  /** Share of approval requests whose justification does not serve the person's goal (default 0.2). */
  mismatchShare?: number;
  /** Long-poll length in seconds (default 50; at most 60). */
  approvalWaitSeconds?: number;
  /** Share of the costly calls (LLM, Snowflake, web search) that reserve their estimate first (default 0.5). */
  meteredShare?: number;
  /** Share of reservations released for a call that did not happen (default 0.05). */
  releaseShare?: number;
  /** The longest a metered call is simulated to take (default 10 s). */
  maxCallMs?: number;
}

/**
 * A demo gateway sending live traffic to this Warden through the real HTTP API, following the same daily
 * rhythm as the seeded history: events through the SDK; every few minutes a risky call held for approval
 * (lib/demo/request-demo-approval.ts); a share of the costly calls reserved against the budgets first
 * (lib/demo/run-metered-call.ts). Uses its own short-lived key (renewed before expiry). `stop` aborts the
 * long-polls, withdraws the requests still pending, releases the reservations of calls still running and
 * flushes the events.
 */
export async function startLiveTraffic(opts: LiveTrafficOptions): Promise<{ stop: () => Promise<void> }> {
  const o = {
    tickMs: 2000,
    approvalEveryMs: 4 * 60_000,
    maxPendingApprovals: 4,
    mismatchShare: 0.2,
    approvalWaitSeconds: 50,
    meteredShare: 0.5,
    releaseShare: 0.05,
    maxCallMs: 10_000,
    ...opts,
  };
  const gatewayId = (await ensureDemoGateways()).get(DEMO_LIVE_GATEWAY)!;
  const rnd = prng(Date.now() & 0xffffffff);
  const abort = new AbortController();
  let client: WardenClient | null = null;
  let apiKey = "";
  let keyExpires = 0;
  let stopped = false;
  const flows = new Set<Promise<void>>();

  const gw: DemoGateway = {
    baseUrl: opts.baseUrl,
    apiKey: () => apiKey,
    record: (e) => void client!.record(e),
    rnd,
    signal: abort.signal,
  };

  const renewKey = async () => {
    const expiresAt = new Date(Date.now() + KEY_TTL_MS);
    const created = await createApiKey({
      gatewayId,
      input: { name: "demo live traffic", scopes: ["events:write", "approvals:write", "spend:write"], expiresAt: expiresAt.toISOString() },
      actor: DEMO_ACTOR,
    });
    const previous = client;
    client = new WardenClient({
      baseUrl: opts.baseUrl,
      apiKey: created.apiKey,
      batchSize: 100,
      flushIntervalMs: o.tickMs,
      onDropped: (d) => log.warn({ reason: d.reason, events: d.events.length, detail: d.detail }, "demo: live events dropped"),
    });
    apiKey = created.apiKey;
    keyExpires = expiresAt.getTime();
    await previous?.close({ timeoutMs: 5000 });
  };

  const track = (what: string, p: Promise<void>) => {
    const flow = p.catch((err) => log.warn({ err: String(err) }, `demo: ${what} failed`)).finally(() => flows.delete(flow));
    flows.add(flow);
  };

  // Never more than maxPendingApprovals pending, counted in the database (requests from before a restart
  // count too); one request is asked at a time, so the count is never behind.
  let asking = false;
  const askApproval = async () => {
    if (asking) return;
    asking = true;
    const asked = () => (asking = false);
    try {
      const pending = await db().approval.count({ where: { gatewayId, status: "pending", expiresAt: { gt: new Date() } } });
      if (stopped || pending >= o.maxPendingApprovals) return;
      const call = makeDemoApprovalRequest(rnd, { mismatchShare: o.mismatchShare });
      await requestDemoApproval(gw, call, { waitSeconds: o.approvalWaitSeconds, maxCallMs: o.maxCallMs, onAsked: asked });
    } finally {
      asked();
    }
  };

  let first = true;
  const tick = async () => {
    if (stopped) return;
    try {
      if (!client || keyExpires - Date.now() < 3_600_000) await renewKey();
      if (stopped) return;
      const now = Date.now();
      const rhythm = o.callsPerHour === undefined ? liveRhythm(new Date(now)) : 1;
      const perHour = o.callsPerHour ?? PEAK_CALLS_PER_HOUR * rhythm * liveShare;
      const lambda = (perHour * o.tickMs) / 3_600_000;
      // The first tick always sends a few events and asks for one approval, so a fresh start shows the
      // gateway alive at once.
      const n = Math.max(first ? 3 : 0, poisson(lambda, rnd));
      for (let i = 0; i < n; i++) {
        const e = makeDemoEvent(now - Math.floor(rnd() * o.tickMs), rnd);
        const key = `${e.server}.${e.tool}`;
        if (DEMO_GATED_TOOLS.has(key)) continue; // these calls are held for approval, never sent unheld
        const tool = METERED_TOOLS.has(key) && e.costUsd ? DEMO_TOOLS.find((t) => `${t.server}.${t.tool}` === key)! : null;
        if (tool && rnd() < o.meteredShare) {
          const estimateUsd = tool.costUsd * (0.8 + 0.6 * rnd());
          track("a metered call", runMeteredCall(gw, { event: e, estimateUsd, releaseShare: o.releaseShare, maxCallMs: o.maxCallMs }));
        } else client!.record(e);
      }
      if (first || rnd() < (o.tickMs / o.approvalEveryMs) * rhythm) track("an approval request", askApproval());
      first = false;
    } catch (err) {
      log.warn({ err: String(err) }, "demo: live traffic tick failed");
    }
  };
  const timer = setInterval(() => void tick(), o.tickMs);
  timer.unref();
  void tick();
  log.info({ gateway: DEMO_LIVE_GATEWAY }, "demo: live traffic started");
  return {
    stop: async () => {
      const started = Date.now();
      stopped = true;
      clearInterval(timer);
      abort.abort();
      const inFlight = flows.size;
      await Promise.all([...flows]);
      await (client as WardenClient | null)?.close({ timeoutMs: 3000 });
      await db().gateway.updateMany({ where: { id: gatewayId }, data: { lastSeenAt: new Date() } }).catch(() => undefined);
      log.info({ inFlight, ms: Date.now() - started }, "demo: live traffic stopped");
    },
  };
}
