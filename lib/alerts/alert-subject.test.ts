import { describe, expect, it } from "vitest";
import { alertSubject } from "./alert-subject";
import { emailMessage, notificationAlert } from "./format-notification";

describe("alertSubject: what an alert is about, and its page", () => {
  const budgetId = "2f1c9a52-5d8e-4b7a-9f53-0c6f3b1d2e4a";

  it("a budget alert names its budget and links to it, not to a bare id", () => {
    expect(alertSubject({ subjectType: "budget", subjectValue: budgetId, details: { budgetName: "Team data" } })).toEqual({ label: "Team data", href: `/budgets/${budgetId}` });
    expect(alertSubject({ subjectType: "tool", subjectValue: "query", details: { subjectLabel: "pg query" } })).toEqual({ label: "pg query", href: null });
    expect(alertSubject({ subjectType: "budget", subjectValue: "../etc", details: {} })).toEqual({ label: "../etc", href: null });
  });

  it("the notification of a budget alert names the budget and carries its link", () => {
    const a = { id: "a1", severity: "warning", status: "open", title: "t", explanation: "e", subjectType: "budget", subjectValue: budgetId, source: "budget", kind: "budget_threshold",
      firstSeenAt: new Date(0), lastSeenAt: new Date(0), incidentId: null, details: { budgetName: "Team data" } };
    const n = notificationAlert(a as never, "https://warden.example/");
    expect(n.subjectLabel).toBe("Team data");
    expect(emailMessage("alert.opened", n).text).toContain(`Budget: https://warden.example/budgets/${budgetId}`);
  });
});
