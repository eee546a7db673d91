import { describe, expect, it } from "vitest";
import { planDemoDecisions } from "./plan-demo-decisions";

const terms = { ruleId: null, requiredApprovals: 2, requireComment: false, reviewerTeam: null, timeoutSeconds: 600 };

describe("planDemoDecisions", () => {
  it("plans approved, denied-with-a-reason and expired requests, quorum-sized votes by distinct reviewers, deterministic for a seed", () => {
    const now = Date.parse("2026-12-06T09:00:00Z");
    const plan = planDemoDecisions({ now, termsOf: () => terms });
    expect(new Set(plan.map((d) => d.outcome))).toEqual(new Set(["approved", "denied", "expired"]));
    for (const d of plan) {
      expect(d.createdAt).toBeLessThan(now);
      expect(d.decidedAt).toBeGreaterThanOrEqual(d.createdAt);
      if (d.outcome === "approved") expect(new Set(d.votes.filter((v) => v.decision === "approve").map((v) => v.reviewer)).size).toBe(2);
      if (d.outcome === "denied") expect(d.votes).toEqual([expect.objectContaining({ decision: "deny", comment: expect.any(String) })]);
      if (d.outcome === "expired") expect(d.votes).toEqual([]);
    }
    const again = planDemoDecisions({ now, termsOf: () => terms });
    expect(again.map((d) => [d.outcome, d.call.request.tool, d.call.request.userId, d.createdAt])).toEqual(plan.map((d) => [d.outcome, d.call.request.tool, d.call.request.userId, d.createdAt]));
  });
});
