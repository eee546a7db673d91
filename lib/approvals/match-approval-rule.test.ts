import { describe, expect, it } from "vitest";
import { approvalTerms, matchApprovalRule, ruleApplies, type RuleForMatching } from "./match-approval-rule";

const rule = (over: Partial<RuleForMatching> = {}): RuleForMatching => ({
  id: over.id ?? "r",
  enabled: true,
  priority: 100,
  createdAt: new Date("2026-01-01T00:00:00Z"),
  gatewayPattern: "*",
  serverPattern: "*",
  toolPattern: "*",
  minCostUsd: null,
  riskFlags: [],
  requiredApprovals: 1,
  timeoutSeconds: 300,
  requireCommentToApprove: false,
  reviewerTeam: null,
  ...over,
});
const call = { gatewayId: "11111111-1111-4111-8111-111111111111", gatewayName: "prod-eu", server: "mail", tool: "send_email", estimatedCostUsd: 2, riskFlags: ["pii"] };

describe("ruleApplies", () => {
  it("needs every condition the rule sets", () => {
    expect(ruleApplies(rule({ toolPattern: "send_*" }), call)).toBe(true);
    expect(ruleApplies(rule({ toolPattern: "delete_*" }), call)).toBe(false);
    expect(ruleApplies(rule({ gatewayPattern: "prod-*" }), call)).toBe(true);
    expect(ruleApplies(rule({ gatewayPattern: call.gatewayId }), call)).toBe(true);
    expect(ruleApplies(rule({ gatewayPattern: "staging-*" }), call)).toBe(false);
    expect(ruleApplies(rule({ enabled: false }), call)).toBe(false);
  });

  it("applies a cost threshold only to calls that reach it, and never to calls without an estimate", () => {
    expect(ruleApplies(rule({ minCostUsd: "1.5" }), call)).toBe(true);
    expect(ruleApplies(rule({ minCostUsd: "2.000001" }), call)).toBe(false);
    expect(ruleApplies(rule({ minCostUsd: "1" }), { ...call, estimatedCostUsd: undefined })).toBe(false);
  });

  it("needs one of the rule's risk flags when it lists any (case-insensitive)", () => {
    expect(ruleApplies(rule({ riskFlags: ["PII", "injection"] }), call)).toBe(true);
    expect(ruleApplies(rule({ riskFlags: ["injection"] }), call)).toBe(false);
    expect(ruleApplies(rule({ riskFlags: ["injection"] }), { ...call, riskFlags: undefined })).toBe(false);
  });
});

describe("matchApprovalRule", () => {
  it("picks the lowest priority number, then the oldest", () => {
    const a = rule({ id: "a", priority: 50, createdAt: new Date("2026-02-01") });
    const b = rule({ id: "b", priority: 10, toolPattern: "delete_*" });
    const c = rule({ id: "c", priority: 50, createdAt: new Date("2026-01-01") });
    expect(matchApprovalRule([a, b, c], call)?.id).toBe("c");
    expect(matchApprovalRule([a, b, c], { ...call, tool: "delete_all" })?.id).toBe("b");
    expect(matchApprovalRule([b], call)).toBeNull();
  });
});

describe("approvalTerms", () => {
  it("uses the defaults without a rule: one approval, 5 minutes", () => {
    expect(approvalTerms(null)).toEqual({ ruleId: null, requiredApprovals: 1, requireComment: false, reviewerTeam: null, timeoutSeconds: 300 });
  });

  it("lets a gateway shorten the rule's timeout but never lengthen it", () => {
    const r = rule({ timeoutSeconds: 600, requiredApprovals: 2, requireCommentToApprove: true, reviewerTeam: "sec" });
    expect(approvalTerms(r, 30)).toMatchObject({ ruleId: "r", timeoutSeconds: 30, requiredApprovals: 2, requireComment: true, reviewerTeam: "sec" });
    expect(approvalTerms(r, 3600).timeoutSeconds).toBe(600);
    expect(approvalTerms(null, 3600).timeoutSeconds).toBe(300);
    expect(approvalTerms(rule({ timeoutSeconds: 10 * 86400 })).timeoutSeconds).toBe(86400);
  });
});
