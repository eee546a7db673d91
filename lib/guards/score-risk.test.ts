import { describe, expect, it } from "vitest";
import { scoreRisk } from "./score-risk";

describe("scoreRisk", () => {
  it("scores no flags 0 with no reasons", () => {
    expect(scoreRisk({ flags: [] })).toEqual({ score: 0, reasons: [] });
  });

  it("scores one flag at its weight and names it", () => {
    const r = scoreRisk({ flags: ["prompt_injection"] });
    expect(r.score).toBe(70);
    expect(r.reasons).toEqual(["prompt_injection (+70): instructions addressed to the model in untrusted text"]);
  });

  it("combines flags as a noisy-OR: more flags raise the score, never past 100, order and repeats do not matter", () => {
    const a = scoreRisk({ flags: ["prompt_injection", "secret_redacted"] });
    expect(a.score).toBe(82); // 1 - 0.3 * 0.6
    expect(scoreRisk({ flags: ["secret_redacted", "prompt_injection", "secret_redacted"] })).toEqual(a);
    expect(a.reasons[0]).toMatch(/^prompt_injection/);
    const all = scoreRisk({ flags: ["prompt_injection", "tool_shadowing", "tool_changed", "exfiltration_link", "hidden_unicode"] });
    expect(all.score).toBeGreaterThan(a.score);
    expect(all.score).toBeLessThanOrEqual(100);
  });

  it("gives an unknown flag a small weight rather than ignoring it", () => {
    const r = scoreRisk({ flags: ["something_new"] });
    expect(r.score).toBe(10);
    expect(r.reasons[0]).toContain("something_new");
  });
});
