import { describe, expect, it } from "vitest";
import { emailMessage, headerSafe, mrkdwn, slackEscape } from "./format-notification";

const hidden = (s: string) => [...s].map((c) => String.fromCodePoint(0xe0000 + c.charCodeAt(0))).join("");

describe("notification text shows invisible characters", () => {
  it("chat: Slack control sequences escaped and hidden text revealed", () => {
    expect(slackEscape(`<!channel> ok${hidden("pay me")}`)).toBe('&lt;!channel&gt; ok⟦hidden text: "pay me"⟧');
    expect(mrkdwn`*tool* ${"send\u200Bmail"}`.text).toBe("*tool* send⟦ZWSP⟧mail");
  });

  it("e-mail: subject and body", () => {
    expect(headerSafe("a\u202Eb\r\nc")).toBe("a⟦RLO⟧b c");
    const m = emailMessage("alert.opened", {
      title: `Spike on ${"git\u200Bhub"}`,
      explanation: "x",
      severity: "warning",
      subjectType: "tool",
      subjectLabel: "github.create_pr",
      firstSeenAt: "2026-12-06T00:00:00Z",
    } as never);
    expect(m.subject).toContain("git⟦ZWSP⟧hub");
    expect(m.text).toContain("git⟦ZWSP⟧hub");
  });
});
