import { describe, expect, it } from "vitest";
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
});
