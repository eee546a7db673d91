import { describe, expect, it } from "vitest";
import { describeBudgetChange } from "./describe-budget-change";

describe("budget history lines", () => {
  it("lists what a change changed, in words", () => {
    const before = { name: "t", limitUsd: "100", mode: "hard", thresholds: [50, 80, 100], approvalAboveUsd: null, webhookUrl: null, webhookSecretSet: false };
    const after = { ...before, limitUsd: "80", mode: "soft", thresholds: [90], webhookSecretSet: true };
    expect(describeBudgetChange("budget.update", before, after)).toEqual(["limit $100 → $80", "mode hard → soft", "alert thresholds 50 %, 80 %, 100 % → 90 %", "webhook secret none → set"]);
    expect(describeBudgetChange("budget.update", before, before)).toEqual(["saved without changes"]);
  });

  it("describes creation and archiving", () => {
    expect(describeBudgetChange("budget.create", null, { limitUsd: "25", period: "week", mode: "hard", scope: "team", scopeValue: "pay" })).toEqual([
      "created: $25 per week, hard, team pay",
    ]);
    expect(describeBudgetChange("budget.archive", {}, {})).toEqual(["archived: no longer applies"]);
  });
});
