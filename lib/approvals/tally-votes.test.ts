import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { tallyVotes } from "./tally-votes";

describe("tallyVotes", () => {
  it("approves on the Nth distinct approval", () => {
    expect(tallyVotes(2, [{ reviewerId: "a", decision: "approve" }]).outcome).toBe("pending");
    expect(tallyVotes(2, [{ reviewerId: "a", decision: "approve" }, { reviewerId: "a", decision: "approve" }]).outcome).toBe("pending");
    expect(tallyVotes(2, [{ reviewerId: "a", decision: "approve" }, { reviewerId: "b", decision: "approve" }])).toEqual({ outcome: "approved", approvals: 2 });
  });

  it("denies on any deny, whatever the approvals", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 5 }), fc.array(fc.string({ minLength: 1 }), { maxLength: 6 }), fc.nat(6), (n, approvers, at) => {
        const votes = approvers.map((reviewerId) => ({ reviewerId, decision: "approve" }));
        votes.splice(Math.min(at, votes.length), 0, { reviewerId: "denier", decision: "deny" });
        expect(tallyVotes(n, votes).outcome).toBe("denied");
      }),
    );
  });

  it("never approves with fewer distinct approvers than required", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 5 }), fc.array(fc.constantFrom("a", "b", "c", "d", "e", "f"), { maxLength: 10 }), (n, ids) => {
        const r = tallyVotes(n, ids.map((reviewerId) => ({ reviewerId, decision: "approve" })));
        expect(r.outcome).toBe(new Set(ids).size >= n ? "approved" : "pending");
      }),
    );
  });

  it("treats 0 required as 1: an empty vote list is never approved", () => {
    expect(tallyVotes(0, []).outcome).toBe("pending");
  });
});
