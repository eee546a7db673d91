import { describe, expect, it } from "vitest";
import { createRuleMatcher } from "./create-rule-matcher";
import { findMatchPrefixes } from "./find-match-prefixes";

const RULES = [
  { id: "verbs", pattern: /\b(?:ignore|disregard)\s+(?:all\s+)?previous\b/g },
  { id: "start-or-line", pattern: /(?:^|\n)\s{0,4}system\s*:/g },
  { id: "case-blind", pattern: /\bapi[_-]?key\s*[:=]\s*(?<secret>[a-z0-9]{8,})/gi },
  { id: "unicode-case", pattern: /\bkey-[0-9a-f]{4}/giu },
  { id: "offset", pattern: /\b[a-z][a-z0-9+.-]{1,30}:\/\/[^\s:/@]{1,64}:(?<secret>[^\s@/]{1,64})(?=@)/gi },
  { id: "class-first", pattern: /\b[A-Za-z0-9_.-]{0,20}(?:password|token)["']?\s*[:=]\s*(?<secret>[^\s"']{3,40})/gi },
  { id: "anything", pattern: /[^\n]{3,}!!/g },
  { id: "lookbehind", pattern: /(?<![\w])<\s*important\b[^<>\n]{0,40}>/g },
];

const TEXTS = [
  "Ignore previous. ignore  all previous instructions; xignore previous",
  "system: root\n  System : again\n\tsystem:",
  "API_KEY = abcdef123456 and apikey:zz and Api-Key=0123456789",
  "\u212Aey-beef and key-cafe, mykey-0000",
  "postgres://app:s3cr3t@db:5432 and https://user:pw@host, x+y://a:b@c",
  "db.password=hunter22 my_token: 'abc123' .password: x password=",
  "wow!! a!! ab!!\n!!",
  "x<important>do it</important> a<important> < Important note>",
  "",
];

const expected = (pattern: RegExp, text: string) => [...text.matchAll(pattern)].map((m) => `${m.index}:${m[0]}`);

describe("createRuleMatcher", () => {
  const match = createRuleMatcher({ rules: RULES });

  it("finds exactly the matches of each rule's global regex (case, ^, \\b, lookbehind, offsets, fallback)", () => {
    for (const text of [...TEXTS, TEXTS.join("\n"), TEXTS.join("").toUpperCase()]) {
      const found = new Map(match(text).map((run) => [run.rule.id, [...run.matches].map((m) => `${m.index}:${m[0]}`)]));
      for (const rule of RULES) expect(found.get(rule.id) ?? [], `${rule.id} on ${JSON.stringify(text.slice(0, 30))}`).toEqual(expected(rule.pattern, text));
    }
  });

  it("keeps named groups and indices of the rule's flags", () => {
    const [run] = createRuleMatcher({ rules: [{ pattern: /token=(?<secret>\w+)/dg }] })("a token=abc");
    const [m] = [...run.matches];
    expect(m.groups?.secret).toBe("abc");
    expect(m.indices?.groups?.secret).toEqual([8, 11]);
  });

  it("skips rules none of whose prefixes occur", () => {
    expect(match("nothing to see here").map((r) => r.rule.id)).toEqual(["start-or-line", "anything"]); // `^`: offset 0 is tried; no prefix: run whole
  });
});

describe("findMatchPrefixes", () => {
  it("lists the literals every match starts with, lower-cased, the shortest of each chain", () => {
    expect(findMatchPrefixes({ pattern: /\b(?:Ignore|disregard)\s+x/g })).toEqual({ prefixes: ["ignor", "disre"], maxOffset: 0, boundaryAtStart: true, anchoredAtStart: false });
    expect(findMatchPrefixes({ pattern: /ab(?:c|cd)/g })?.prefixes).toEqual(["abc"]);
  });

  it("finds a literal after leading elements of bounded length, with that length", () => {
    expect(findMatchPrefixes({ pattern: /\b[a-z][a-z0-9]{1,30}:\/\//gi })).toEqual({ prefixes: ["://"], maxOffset: 31, boundaryAtStart: true, anchoredAtStart: false });
  });

  it("gives up (null) when a match can start with anything", () => {
    expect(findMatchPrefixes({ pattern: /[^\n]{3,}!!/g })).toBeNull();
    expect(findMatchPrefixes({ pattern: /\w+@\w+/g })).toBeNull();
  });
});
