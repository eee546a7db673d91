import { describe, expect, it } from "vitest";
import { judgeGatewayStaleness } from "./judge-gateway-staleness";

const now = new Date("2026-12-06T03:00:00Z");
const ago = (s: number) => new Date(now.getTime() - s * 1000);

describe("judgeGatewayStaleness", () => {
  it("judges a gateway that sends heartbeats by them (3 of its intervals), not by its traffic", () => {
    const quietButBeating = judgeGatewayStaleness({ now, lastSeenAt: ago(7200), heartbeat: { receivedAt: ago(40), intervalSeconds: 30 }, rhythm: null, fallbackSeconds: 300 });
    expect(quietButBeating).toEqual({ stale: false, basis: "heartbeat", allowedSilenceSeconds: 90 });
    const stopped = judgeGatewayStaleness({ now, lastSeenAt: ago(10), heartbeat: { receivedAt: ago(100), intervalSeconds: 30 }, rhythm: null, fallbackSeconds: 300 });
    expect(stopped.stale).toBe(true);
  });

  it("lets a gateway with quiet nights be silent as long as its own usual gaps (p99 × 1.5)", () => {
    const rhythm = { gaps: 500, p99GapSeconds: 2400 };
    expect(judgeGatewayStaleness({ now, lastSeenAt: ago(1800), heartbeat: null, rhythm, fallbackSeconds: 300 })).toEqual({ stale: false, basis: "rhythm", allowedSilenceSeconds: 3600 });
    expect(judgeGatewayStaleness({ now, lastSeenAt: ago(3700), heartbeat: null, rhythm, fallbackSeconds: 300 }).stale).toBe(true);
  });

  it("never allows less silence than the fallback, even for a busy gateway", () => {
    const busy = judgeGatewayStaleness({ now, lastSeenAt: ago(200), heartbeat: null, rhythm: { gaps: 5000, p99GapSeconds: 60 }, fallbackSeconds: 300 });
    expect(busy).toEqual({ stale: false, basis: "rhythm", allowedSilenceSeconds: 300 });
  });

  it("uses the fixed threshold with too little history, and calls a gateway never seen stale", () => {
    expect(judgeGatewayStaleness({ now, lastSeenAt: ago(400), heartbeat: null, rhythm: { gaps: 3, p99GapSeconds: 5000 }, fallbackSeconds: 300 })).toEqual({ stale: true, basis: "fallback", allowedSilenceSeconds: 300 });
    expect(judgeGatewayStaleness({ now, lastSeenAt: null, heartbeat: null, rhythm: null, fallbackSeconds: 300 })).toEqual({ stale: true, basis: "never_seen", allowedSilenceSeconds: null });
  });
});
