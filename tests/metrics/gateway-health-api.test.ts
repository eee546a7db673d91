import { describe, expect, it } from "vitest";
import { db } from "../../lib/db";
import { api } from "../support/http";
import { createSignedInUser } from "../support/factories";
import { createTestGateway } from "../support/gateways";
import { event, postEvents } from "./seed-events";

describe("GET /api/metrics/gateways", () => {
  it("reports events/min, error rate and a sparkline for a reporting gateway, and marks a silent one stale", async () => {
    const session = await createSignedInUser({ roles: ["security"] });
    const live = await createTestGateway();
    const silent = await createTestGateway();
    const now = Date.now();
    // 30 calls in the last few minutes, 3 of them errors.
    const events = Array.from({ length: 30 }, (_, i) => event({ timestamp: new Date(now - (i % 5) * 60_000 - 1000).toISOString(), status: i < 3 ? "error" : "ok" }));
    await postEvents(live.apiKey, events);

    await expect
      .poll(async () => {
        const res = await api(`/api/metrics/gateways`, { session });
        return res.json.gateways.find((g: { id: string }) => g.id === live.gatewayId)?.lastSeenAt ?? null;
      })
      .not.toBeNull();
    const res = await api(`/api/metrics/gateways?staleAfterSeconds=300`, { session });
    expect(res.status).toBe(200);
    const g = res.json.gateways.find((x: { id: string }) => x.id === live.gatewayId);
    expect(g).toMatchObject({ name: live.name, stale: false, errorRate: 0.1, eventsPerMinute: 2 });
    expect(g.sparkline).toHaveLength(60);
    expect(g.sparkline.reduce((a: number, b: number) => a + b, 0)).toBe(30);
    const s = res.json.gateways.find((x: { id: string }) => x.id === silent.gatewayId);
    expect(s).toMatchObject({ lastSeenAt: null, stale: true, eventsPerMinute: 0, errorRate: null });
  });

  it("judges a gateway without heartbeats by its own rhythm: quiet for 50 min is usual for one whose calls come every 40 min", async () => {
    const session = await createSignedInUser({ roles: ["security"] });
    const [rhythmic, fresh] = await Promise.all([createTestGateway(), createTestGateway()]);
    const now = Date.now();
    // 25 calls, one every 40 minutes, the last 50 minutes ago.
    await postEvents(rhythmic.apiKey, Array.from({ length: 25 }, (_, i) => event({ timestamp: new Date(now - 50 * 60_000 - i * 40 * 60_000).toISOString() })));
    await postEvents(fresh.apiKey, [event({ timestamp: new Date(now - 50 * 60_000).toISOString() })]);
    // Both were last heard from 50 minutes ago (the posts above just now stand for calls made then).
    const quiet = new Date(now - 50 * 60_000);
    for (const gw of [rhythmic, fresh]) {
      // The API key's use is recorded off the request path: wait for it before moving it back.
      await expect
        .poll(async () => {
          const row = await db().gateway.findUniqueOrThrow({ where: { id: gw.gatewayId }, include: { apiKeys: true } });
          return row.lastSeenAt !== null && row.apiKeys.every((k) => k.lastUsedAt !== null);
        })
        .toBe(true);
      await db().gateway.update({ where: { id: gw.gatewayId }, data: { lastSeenAt: quiet } });
      await db().apiKey.updateMany({ where: { gatewayId: gw.gatewayId }, data: { lastUsedAt: quiet } });
    }
    const res = await api(`/api/metrics/gateways?staleAfterSeconds=300`, { session });
    const r = res.json.gateways.find((x: { id: string }) => x.id === rhythmic.gatewayId);
    expect(r).toMatchObject({ stale: false, staleBasis: "rhythm", allowedSilenceSeconds: 3600 });
    const f = res.json.gateways.find((x: { id: string }) => x.id === fresh.gatewayId);
    expect(f).toMatchObject({ stale: true, staleBasis: "fallback", allowedSilenceSeconds: 300 });
  });
});
