import { describe, expect, it } from "vitest";
import { normalizeIdentity, sameIdentity } from "./normalize-identity";

const alice = "alice@example.com";

describe("normalizeIdentity", () => {
  it.each([
    ["zero-width space", "ali\u200bce@example.com"],
    ["zero-width joiner and BOM", "\ufeffalice\u200d@example.com"],
    ["bidi override", "\u202ealice@example.com\u202c"],
    ["Unicode tag characters", "alice@example.com\u{E0041}\u{E0042}"],
    ["control character", "alice\u0007@example.com"],
    ["trailing dot", "alice@example.com."],
    ["trailing dots and spaces", "alice@example.com.. "],
    ["Name <email> form", "Alice Smith <alice@example.com>"],
    ["quoted name form", '"Smith, Alice" <Alice@Example.com>'],
    ["plus-addressing", "alice+urgent@example.com"],
    ["upper case", "ALICE@EXAMPLE.COM"],
    ["full-width letters", "ａｌｉｃｅ@example.com"],
    ["mailto: prefix", "mailto:alice@example.com"],
    ["all at once", " Alice <ALICE+x\u200b@Example.com.>\u2060 "],
  ])("%s → the plain address", (_name, input) => {
    expect(normalizeIdentity(input)).toBe(alice);
  });

  it("keeps ids that are not email addresses comparable (case, invisibles, trailing dots)", () => {
    expect(normalizeIdentity("U-42\u200b.")).toBe("u-42");
    expect(normalizeIdentity("3f1c0a9e-5b7d-4c2a-9f00-1234567890ab")).toBe("3f1c0a9e-5b7d-4c2a-9f00-1234567890ab");
  });

  it("tells different people apart", () => {
    expect(sameIdentity("alice@example.com", "alicia@example.com")).toBe(false);
    expect(sameIdentity("alice@example.com", "alice@example.org")).toBe(false);
    expect(sameIdentity("alice.smith@example.com", "alicesmith@example.com")).toBe(false);
    expect(sameIdentity("", "")).toBe(false);
    expect(sameIdentity("\u200b", "")).toBe(false);
  });

  it("sameIdentity compares both sides normalised", () => {
    expect(sameIdentity("Alice <alice+ops@example.com>", "ALICE+review@example.com.")).toBe(true);
  });
});
