import { describe, expect, it } from "vitest";
import { fingerprintGuardRules, FAST_SCAN_REVISION } from "./fingerprint-guard-rules";
import { INJECTION_RULES, type InjectionRule } from "./injection-rules";

const heavy = { "agent-threat-rules": "4.0.0", "@secretlint/secretlint-rule-preset-recommend": "11.7.1" };
const base = { injectionRules: INJECTION_RULES, fastRevision: FAST_SCAN_REVISION, heavyRuleSets: heavy };

describe("fingerprintGuardRules", () => {
  it("is short and stable: the same rules give the same fingerprint, whatever their order", () => {
    const fp = fingerprintGuardRules(base);
    expect(fp).toMatch(/^rules:[0-9a-f]{12}-[0-9a-f]{12}$/);
    expect(fingerprintGuardRules(base)).toBe(fp);
    expect(fingerprintGuardRules({ ...base, injectionRules: [...INJECTION_RULES].reverse(), heavyRuleSets: Object.fromEntries(Object.entries(heavy).reverse()) })).toBe(fp);
  });

  it("changes when a fast rule is added, removed or its pattern, severity or scope changes", () => {
    const fp = fingerprintGuardRules(base);
    const first = INJECTION_RULES[0];
    const added: InjectionRule = { ...first, id: "inj.test-new-rule", pattern: /never seen before/g };
    const variants: (readonly InjectionRule[])[] = [
      [...INJECTION_RULES, added],
      INJECTION_RULES.slice(1),
      [{ ...first, pattern: new RegExp(first.pattern.source + "|extra", first.pattern.flags) }, ...INJECTION_RULES.slice(1)],
      [{ ...first, pattern: new RegExp(first.pattern.source, "gi") }, ...INJECTION_RULES.slice(1)],
      [{ ...first, severity: first.severity === "low" ? "high" : "low" }, ...INJECTION_RULES.slice(1)],
      [{ ...first, where: ["param"] }, ...INJECTION_RULES.slice(1)],
    ];
    const fps = variants.map((injectionRules) => fingerprintGuardRules({ ...base, injectionRules }));
    for (const other of fps) {
      expect(other).not.toBe(fp);
      expect(other.split("-")[1]).toBe(fp.split("-")[1]); // the heavy half is unchanged
    }
    expect(new Set(fps).size).toBe(fps.length);
  });

  it("changes when the fast detectors' revision or a heavy rule set's version changes", () => {
    const fp = fingerprintGuardRules(base);
    expect(fingerprintGuardRules({ ...base, fastRevision: FAST_SCAN_REVISION + 1 })).not.toBe(fp);
    const atr = fingerprintGuardRules({ ...base, heavyRuleSets: { ...heavy, "agent-threat-rules": "4.0.1" } });
    expect(atr.split("-")[0]).toBe(fp.split("-")[0]);
    expect(atr.split("-")[1]).not.toBe(fp.split("-")[1]);
    expect(fingerprintGuardRules({ ...base, heavyRuleSets: { ...heavy, lane: "hunt" } })).not.toBe(fp);
  });
});
