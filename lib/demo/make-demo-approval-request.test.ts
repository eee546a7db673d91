import { createHash } from "node:crypto";
import canonicalize from "canonicalize";
import { describe, expect, it } from "vitest";
import { matchApprovalRule, type RuleForMatching } from "../approvals/match-approval-rule";
import { CreateApprovalBody, CreateApprovalRuleBody } from "../approvals/schema";
import { DEMO_APPROVAL_RULES, DEMO_APPROVAL_SCENARIOS, DEMO_GATED_TOOLS } from "./demo-approval-catalog";
import { DEMO_TOOLS, prng } from "./demo-catalog";
import { makeDemoApprovalRequest } from "./make-demo-approval-request";

const rules: RuleForMatching[] = DEMO_APPROVAL_RULES.map((r, i) => {
  const p = CreateApprovalRuleBody.parse(r);
  return { ...p, id: `rule-${i}`, createdAt: new Date(i), minCostUsd: p.minCostUsd ?? null, reviewerTeam: p.reviewerTeam ?? null };
});
const ruleFor = (r: CreateApprovalBody) =>
  matchApprovalRule(rules, { gatewayId: "g", gatewayName: "edge-prod", server: r.server, tool: r.tool, estimatedCostUsd: r.estimatedCostUsd, riskFlags: r.riskFlags });

describe("the demo's approval requests", () => {
  const calls = Array.from({ length: 400 }, (_, i) => makeDemoApprovalRequest(prng(i + 1)));

  it("are valid POST /api/v1/approvals bodies whose paramsHash is the SHA-256 of the params' RFC 8785 canonical JSON", () => {
    for (const { request } of calls) {
      expect(CreateApprovalBody.parse(request)).toBeTruthy();
      expect(request.paramsHash).toBe(createHash("sha256").update(canonicalize(request.params)!).digest("hex"));
    }
  });

  it("each falls under one of the seeded rules, the one its scenario is about", () => {
    const names = new Set<string>();
    for (const { request } of calls) {
      const rule = ruleFor(request);
      expect(rule, `${request.server}.${request.tool}`).not.toBeNull();
      names.add(DEMO_APPROVAL_RULES[Number(rule!.id.slice(5))].name);
    }
    expect([...names].sort()).toEqual(DEMO_APPROVAL_RULES.map((r) => r.name).sort());
  });

  it("tell a mismatching story about a fifth of the time, and use only catalog tools", () => {
    const mismatched = calls.filter((c) => !c.fits).length / calls.length;
    expect(mismatched).toBeGreaterThan(0.1);
    expect(mismatched).toBeLessThan(0.3);
    for (const s of DEMO_APPROVAL_SCENARIOS) expect(DEMO_TOOLS.some((t) => t.server === s.server && t.tool === s.tool)).toBe(true);
    expect(DEMO_GATED_TOOLS.has("stripe.create_refund")).toBe(true);
    expect(DEMO_GATED_TOOLS.has("snowflake.run_query")).toBe(false); // held only when estimated at $1 or more
  });
});
