import { describe, expect, it } from "vitest";
import type { SessionEvent } from "@/lib/events/session-schema";
import { formatOffset, MIN_BAR_PCT, toTimelineRows } from "./timeline-rows";

const T = Date.parse("2026-12-06T10:00:00.000Z");
function ev(id: string, atMs: number, durationMs: number | null, decisions: SessionEvent["decisions"] = null): SessionEvent {
  return {
    id, ts: new Date(T + atMs).toISOString(), gatewayId: "g", gatewayName: "gw", userId: "u", team: null, server: "fs", tool: "read",
    status: "ok", errorType: null, durationMs, costUsd: null, riskFlags: [], agent: null, sessionId: "s", traceId: null,
    decisions, approvalId: null, approvalStatus: null, approvalWaitMs: null,
  };
}

describe("session timeline rows", () => {
  it("place each call on one axis from the first start to the last end, offsets signed from the anchor", () => {
    const rows = toTimelineRows([ev("a", 0, 1000), ev("b", 2000, 6000), ev("c", 9000, 1000)], "b");
    expect(rows.map((r) => [r.leftPct, r.widthPct])).toEqual([[0, 10], [20, 60], [90, 10]]);
    expect(rows.map((r) => r.offsetMs)).toEqual([-2000, 0, 7000]);
    expect(rows.map((r) => r.isAnchor)).toEqual([false, true, false]);
  });

  it("keep instant calls and calls without a duration visible, inside the axis", () => {
    const rows = toTimelineRows([ev("a", 0, null), ev("b", 10_000, 0)]);
    expect(rows[0].widthPct).toBe(MIN_BAR_PCT);
    expect(rows[1].leftPct + rows[1].widthPct).toBeLessThanOrEqual(100);
    expect(rows[1].widthPct).toBe(MIN_BAR_PCT);
    expect(rows[0].offsetMs).toBe(0);
  });

  it("list the chain stages that did more than allow the call", () => {
    const [row] = toTimelineRows([ev("a", 0, 5, [{ stage: "policy", outcome: "allow" }, { stage: "approval", outcome: "hold" }, { stage: "output", outcome: "modify" }])]);
    expect(row.notableDecisions).toEqual(["approval: hold", "output: modify"]);
    expect(toTimelineRows([])).toEqual([]);
  });

  it("format offsets with their sign and unit", () => {
    expect([formatOffset(0), formatOffset(250), formatOffset(-1500), formatOffset(125_000), formatOffset(-2 * 3600_000 - 60_000)]).toEqual([
      "0", "+250 ms", "−1.5 s", "+2 min 5 s", "−2 h 1 min",
    ]);
  });
});
