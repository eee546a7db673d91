// For the alerts the specs raise by hand as anomaly or rule alerts (so the overview flags them): a rule that
// keeps them open. The detector's minute run resolves an open anomaly or rule alert that no finding of its
// run mentions once the alert's rule's quiet period has passed since it was last seen
// (lib/anomaly/apply-findings.ts); an alert with no rule has none, so a hand-made one would be resolved by
// whichever run fell between its creation and the page's check (an acknowledge then answers 409, a page
// meant to show an open alert shows none). With this rule's id as their ruleId they stay open for a day: a
// disabled rule (never evaluated; a tool_call rule for a tool that does not exist, not an anomaly rule, whose
// presence would stop the detector's first run from creating the default ones) with the longest quiet
// period allowed (1440 minutes). One per Playwright worker.

let ruleId: Promise<string> | undefined;

export function heldAlertRuleId(): Promise<string> {
  ruleId ??= (async () => {
    const { createAlertRule } = await import("../../lib/alerts/create-alert-rule");
    const rule = await createAlertRule({
      input: { name: "Holds hand-made e2e alerts open", kind: "tool_call", severity: "info", enabled: false, config: { toolPattern: "e2e-no-such-tool", serverPattern: "*", quietMinutes: 1440 } },
      actor: { email: "e2e" },
    });
    return rule.id;
  })();
  return ruleId;
}
