import { describe, expect, it } from "vitest";
import { authorMayApprove, matchStandingRule, paramsMatchConstraints, prefillConstraints, standingRuleBlocker, type RequestForStanding, type StandingRuleForMatching } from "./match-standing-rule";
import type { StandingRuleConstraints } from "./standing-rule-schema";

const now = new Date("2026-12-06T08:00:00Z");
const req = (over: Partial<RequestForStanding> = {}): RequestForStanding => ({
  server: "mail",
  tool: "send_email",
  userId: "alice@example.com",
  team: "Support",
  identitySource: "jwt",
  params: { to: "bob@example.com", subject: "Weekly report" },
  ruleId: "r1",
  requiredApprovals: 1,
  ...over,
});
const standing = (over: Partial<StandingRuleForMatching> = {}): StandingRuleForMatching => ({
  id: "s1",
  number: 1,
  scope: "user",
  subject: "Alice@Example.com",
  server: "mail",
  tool: "send_email",
  constraints: { to: { kind: "glob", pattern: "*@example.com" }, subject: { kind: "any" } },
  ruleId: "r1",
  expiresAt: new Date("2026-12-10T00:00:00Z"),
  revokedAt: null,
  ...over,
});

describe("standing rule matching", () => {
  it("approves a matching request of the same person, tool and rule", () => {
    expect(matchStandingRule([standing()], req(), { humanEveryTime: false }, now)?.id).toBe("s1");
  });

  it("never applies under a human-every-time rule, to an unverified identity or to a quorum", () => {
    expect(matchStandingRule([standing()], req(), { humanEveryTime: true }, now)).toBeNull();
    expect(matchStandingRule([standing()], req({ identitySource: "config" }), null, now)).toBeNull();
    expect(matchStandingRule([standing()], req({ identitySource: null }), null, now)).toBeNull();
    expect(matchStandingRule([standing()], req({ requiredApprovals: 2 }), null, now)).toBeNull();
    expect(standingRuleBlocker(req({ identitySource: "config" }), null)).toMatch(/could not verify/);
    expect(standingRuleBlocker(req({ identitySource: "static-token" }), null)).toBeNull();
  });

  it("stops at expiry and revocation, and outside its tool, rule or subject", () => {
    expect(matchStandingRule([standing({ expiresAt: now })], req(), null, now)).toBeNull();
    expect(matchStandingRule([standing({ revokedAt: now })], req(), null, now)).toBeNull();
    expect(matchStandingRule([standing()], req({ tool: "delete_email" }), null, now)).toBeNull();
    expect(matchStandingRule([standing()], req({ ruleId: null }), null, now)).toBeNull();
    expect(matchStandingRule([standing()], req({ userId: "mallory@example.com" }), null, now)).toBeNull();
    expect(matchStandingRule([standing({ scope: "team", subject: "support" })], req({ userId: "carol@example.com" }), null, now)?.id).toBe("s1");
    expect(matchStandingRule([standing({ scope: "team", subject: "support" })], req({ team: null }), null, now)).toBeNull();
  });

  it("holds params to their constraints: exact canonical values, string globs, no unnamed keys", () => {
    const c: StandingRuleConstraints = { n: { kind: "exact", value: { b: 1, a: [1, 2] } }, to: { kind: "glob", pattern: "*@example.com" } };
    expect(paramsMatchConstraints({ n: { a: [1, 2], b: 1 }, to: "x@example.com" }, c)).toBe(true);
    expect(paramsMatchConstraints({ n: { a: [2, 1], b: 1 }, to: "x@example.com" }, c)).toBe(false);
    expect(paramsMatchConstraints({ n: { a: [1, 2], b: 1 }, to: "x@evil.com" }, c)).toBe(false);
    expect(paramsMatchConstraints({ n: { a: [1, 2], b: 1 }, to: 5 }, c)).toBe(false);
    expect(paramsMatchConstraints({ n: { a: [1, 2], b: 1 }, to: "x@example.com", bcc: "e@evil.com" }, c)).toBe(false);
    expect(paramsMatchConstraints({ to: "x@example.com" }, c)).toBe(false);
    expect(paramsMatchConstraints(["x"], {})).toBe(false);
  });

  it("prefills every top-level key with its exact value", () => {
    expect(prefillConstraints({ to: "a@b.c", n: 2 })).toEqual({ to: { kind: "exact", value: "a@b.c" }, n: { kind: "exact", value: 2 } });
  });

  it("approves only what its author could approve now: active, still a reviewer, of the reviewer team, not their own request", () => {
    const author = { id: "u1", email: "rev@example.com", team: "Finance", active: true, mayDecide: true };
    expect(authorMayApprove(author, { userId: "alice@example.com", reviewerTeam: null })).toBe(true);
    expect(authorMayApprove(author, { userId: "alice@example.com", reviewerTeam: "finance" })).toBe(true);
    expect(authorMayApprove(author, { userId: "alice@example.com", reviewerTeam: "legal" })).toBe(false);
    expect(authorMayApprove(author, { userId: "Rev+x@Example.com", reviewerTeam: null })).toBe(false);
    expect(authorMayApprove({ ...author, active: false }, { userId: "alice@example.com", reviewerTeam: null })).toBe(false);
    expect(authorMayApprove({ ...author, mayDecide: false }, { userId: "alice@example.com", reviewerTeam: null })).toBe(false);
    expect(authorMayApprove(null, { userId: "alice@example.com", reviewerTeam: null })).toBe(false);
  });
});
