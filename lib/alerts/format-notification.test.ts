import { describe, expect, it } from "vitest";
import { chatLink, emailMessage, headerSafe, mrkdwn, slackEscape, slackPayload, testAlert } from "./format-notification";

describe("the chat formatter (alerts and approval announcements)", () => {
  it("mrkdwn keeps the template's markup and escapes every value: no <!channel>, no forged link", () => {
    const m = mrkdwn`*${"<!channel>"}* asked: ${"<https://x|Click to approve> & more"}`;
    expect(m.text).toBe("*&lt;!channel&gt;* asked: &lt;https://x|Click to approve&gt; &amp; more");
    expect(mrkdwn`${m} again`.text).toBe(`${m.text} again`);
  });

  it("chatLink builds Warden's own link; a URL or label cannot break out of it", () => {
    expect(chatLink("https://warden.example/alerts?alert=1", "Open in Warden").text).toBe("<https://warden.example/alerts?alert=1|Open in Warden>");
    expect(chatLink("https://w.example/a>|<!channel>", "<b>").text).toBe("<https://w.example/a%3E%7C%3C!channel%3E|&lt;b&gt;>");
  });

  it("an alert titled with Slack control sequences reaches Slack escaped, with only Warden's links as links", () => {
    const alert = { ...testAlert("https://warden.example"), severity: "critical", title: "Spike on <!channel>", explanation: "tool <https://x|Click> called" };
    const body = slackPayload("alert.opened", alert);
    expect(body.text).toBe(":red_circle: *CRITICAL* Spike on &lt;!channel&gt;\ntool &lt;https://x|Click&gt; called\n<https://warden.example/alerts|Open in Warden>");
    expect(body.blocks[0]).toEqual({ type: "section", text: { type: "mrkdwn", text: ":red_circle: *CRITICAL* Spike on &lt;!channel&gt;\ntool &lt;https://x|Click&gt; called" } });
  });
});

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
