import { describe, expect, it } from "vitest";
import { matchPrecedent } from "./match-precedent";

const request = { server: "stripe", tool: "create_refund", userId: "alice@example.com", ruleId: "r1" };

describe("matchPrecedent", () => {
  it("names every way a past request is like the one under review: same tool on the same server, same user, same rule", () => {
    expect(matchPrecedent({ request, past: { ...request } })).toEqual(["tool", "user", "rule"]);
    expect(matchPrecedent({ request, past: { ...request, userId: "bob@example.com", ruleId: "r2" } })).toEqual(["tool"]);
    expect(matchPrecedent({ request, past: { server: "github", tool: "merge", userId: "alice@example.com", ruleId: null } })).toEqual(["user"]);
    expect(matchPrecedent({ request, past: { server: "github", tool: "merge", userId: "bob@example.com", ruleId: "r1" } })).toEqual(["rule"]);
  });

  it("the same tool name on another server is another tool; no rule on either side is no shared rule; nothing shared is no precedent", () => {
    expect(matchPrecedent({ request, past: { ...request, server: "paypal", userId: "x", ruleId: null } })).toEqual([]);
    expect(matchPrecedent({ request: { ...request, ruleId: null }, past: { server: "a", tool: "b", userId: "c", ruleId: null } })).toEqual([]);
  });
});
