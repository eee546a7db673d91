import { describe, expect, it } from "vitest";
import { foldText } from "./fold-text";
import { INJECTION_RULES } from "./injection-rules";
import { createRuleMatcher } from "./create-rule-matcher";

describe("INJECTION_RULES", () => {
  it.each(INJECTION_RULES.map((r) => [r.id, r] as const))("%s catches its examples (folded) and leaves its counter-examples alone", (_id, rule) => {
    const matches = (text: string) => new RegExp(rule.pattern.source, rule.pattern.flags).test(foldText(text).text);
    for (const hit of rule.examples.hit) expect(matches(hit), hit).toBe(true);
    for (const miss of rule.examples.miss) expect(matches(miss), miss).toBe(false);
  });

  it("are found by the rule matcher exactly where their global regex matches, on every example", () => {
    const match = createRuleMatcher({ rules: INJECTION_RULES });
    const examples = INJECTION_RULES.flatMap((r) => [...r.examples.hit, ...r.examples.miss]);
    for (const text of [...examples, examples.join("\n")]) {
      const folded = foldText(text).text;
      const found = new Map(match(folded).map((run) => [run.rule.id, [...run.matches].map((m) => `${m.index}:${m[0]}`)]));
      for (const rule of INJECTION_RULES) expect(found.get(rule.id) ?? [], `${rule.id} on ${text.slice(0, 40)}`).toEqual([...folded.matchAll(rule.pattern)].map((m) => `${m.index}:${m[0]}`));
    }
  });

  it("have unique ids and global patterns", () => {
    expect(new Set(INJECTION_RULES.map((r) => r.id)).size).toBe(INJECTION_RULES.length);
    for (const r of INJECTION_RULES) expect(r.pattern.flags).toContain("g");
  });

  it("finish on long hostile near-misses (bounded patterns), matching none of them", () => {
    const hostile = ["ignore ".repeat(5_000), "send ".repeat(5_000) + "to", "<".repeat(20_000), "when call ".repeat(3_000), "do not ".repeat(5_000), "a".repeat(20_000)];
    for (const text of hostile) {
      const folded = foldText(text).text;
      const hits = INJECTION_RULES.filter((r) => r.strength === "strong" && new RegExp(r.pattern.source, r.pattern.flags).test(folded)).map((r) => r.id);
      expect(hits, text.slice(0, 20)).toEqual([]);
    }
  });
});
