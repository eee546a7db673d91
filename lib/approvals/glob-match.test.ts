import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { expandGlob, globMatch, MAX_ALTERNATIVES } from "./glob-match";

describe("globMatch", () => {
  it.each([
    ["*", "anything", true],
    ["*", "", true],
    ["send_*", "send_email", true],
    ["send_*", "resend_email", false],
    ["*email*", "bulk_email_send", true],
    ["delete_?", "delete_x", true],
    ["delete_?", "delete_xy", false],
    ["{stripe,paypal}.*", "stripe.refund", true],
    ["{stripe,paypal}.*", "paypal.payout", true],
    ["{stripe,paypal}.*", "square.refund", false],
    ["db.{drop,truncate}_{table,schema}", "db.truncate_schema", true],
    ["a{b,c{d,e}}f", "acef", true],
    ["a{b,c{d,e}}f", "acf", false],
    ["Send_Email", "send_email", true],
    ["file\\*", "file*", true],
    ["file\\*", "files", false],
    ["{unbalanced", "{unbalanced", true],
    ["a.b", "axb", false],
    ["(x)+", "(x)+", true],
  ])("%s matches %s: %s", (pattern, value, expected) => {
    expect(globMatch(pattern, value)).toBe(expected);
  });

  it("a pattern without wildcards matches exactly itself, case-insensitively", () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom(..."abcXYZ._-/: "), maxLength: 30 }), (s) => {
        expect(globMatch(s, s)).toBe(true);
        expect(globMatch(s, s.toUpperCase())).toBe(true);
        expect(globMatch(s, `${s}!`)).toBe(false);
      }),
    );
  });

  it("prefix* matches every string with that prefix and * matches everything", () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom(..."ab_.") , maxLength: 10 }), fc.string({ maxLength: 20 }), (prefix, rest) => {
        expect(globMatch(`${prefix}*`, prefix + rest)).toBe(true);
        expect(globMatch("*", rest)).toBe(true);
      }),
    );
  });

  it("stays fast on patterns built to make backtracking explode", () => {
    const value = "a".repeat(200);
    expect(globMatch("*a*a*a*a*a*a*a*a*a*a*b", value)).toBe(false);
  });

  it("caps brace expansion", () => {
    expect(expandGlob("{a,b}{a,b}{a,b}{a,b}{a,b}{a,b}{a,b}{a,b}").length).toBeLessThanOrEqual(MAX_ALTERNATIVES);
  });
});
