import "server-only";
import { db } from "../db";
import { log } from "../log";
import { createApiKey } from "../gateways/create-api-key";
import { WardenClient } from "../sdk/warden-client";
import { DEMO_GATEWAYS, DEMO_LIVE_GATEWAY, orgCallsPerHour, poisson, prng } from "./demo-catalog";
import { makeDemoEvent } from "./make-demo-event";
import { DEMO_ACTOR, ensureDemoGateways } from "./seed-demo";

const TICK_MS = 2000;
const KEY_TTL_MS = 24 * 3_600_000;
const liveShare = DEMO_GATEWAYS.find((g) => g.name === DEMO_LIVE_GATEWAY)!.share;

/**
 * A demo gateway sending live traffic to this Warden through the real HTTP API with the SDK, following
 * the same daily rhythm as the seeded history. Uses its own short-lived key (renewed before expiry).
 */
export async function startLiveTraffic(opts: { baseUrl: string }): Promise<{ stop: () => Promise<void> }> {
  const gatewayId = (await ensureDemoGateways()).get(DEMO_LIVE_GATEWAY)!;
  const rnd = prng(Date.now() & 0xffffffff);
  let client: WardenClient | null = null;
  let keyExpires = 0;
  let stopped = false;

  const renewKey = async () => {
    const expiresAt = new Date(Date.now() + KEY_TTL_MS);
    const { apiKey } = await createApiKey({
      gatewayId,
      input: { name: "demo live traffic", scopes: ["events:write"], expiresAt: expiresAt.toISOString() },
      actor: DEMO_ACTOR,
    });
    const previous = client;
    client = new WardenClient({
      baseUrl: opts.baseUrl,
      apiKey,
      batchSize: 100,
      flushIntervalMs: TICK_MS,
      onDropped: (d) => log.warn({ reason: d.reason, events: d.events.length, detail: d.detail }, "demo: live events dropped"),
    });
    keyExpires = expiresAt.getTime();
    await previous?.close({ timeoutMs: 5000 });
  };

  let first = true;
  const tick = async () => {
    if (stopped) return;
    try {
      if (!client || keyExpires - Date.now() < 3_600_000) await renewKey();
      const now = Date.now();
      const lambda = (orgCallsPerHour(new Date(now)) * liveShare * TICK_MS) / 3_600_000;
      // The first tick always sends a few events, so a fresh start shows the gateway alive at once.
      const n = Math.max(first ? 3 : 0, poisson(lambda, rnd));
      first = false;
      for (let i = 0; i < n; i++) client!.record(makeDemoEvent(now - Math.floor(rnd() * TICK_MS), rnd));
    } catch (err) {
      log.warn({ err: String(err) }, "demo: live traffic tick failed");
    }
  };
  const timer = setInterval(() => void tick(), TICK_MS);
  timer.unref();
  void tick();
  log.info({ gateway: DEMO_LIVE_GATEWAY }, "demo: live traffic started");
  return {
    stop: async () => {
      stopped = true;
      clearInterval(timer);
      await (client as WardenClient | null)?.close({ timeoutMs: 3000 });
      await db().gateway.updateMany({ where: { id: gatewayId }, data: { lastSeenAt: new Date() } }).catch(() => undefined);
    },
  };
}
