import { describe, expect, it } from "vitest";
import { noticeEmail, noticeSlackPayload, reviewerNotice } from "./format-reviewer-notification";

const approval = { id: "6f1c8a52-1d7e-4a53-9a8e-2f0c7d1b9e01", server: "<!channel>", tool: "wire\r\nBcc: x@evil", userId: "<https://x|bob>", reason: null, expiresAt: new Date("2026-12-06T10:30:00Z") };
const links = { approve: "http://w.test/approvals/confirm?token=" + "a".repeat(43), deny: "http://w.test/approvals/confirm?token=" + "d".repeat(43) };

describe("reviewer notifications", () => {
  it("link to the request, say how long is left, and keep gateway text out of headers and chat markup", () => {
    const n = reviewerNotice({ kind: "warning", approval, baseUrl: "http://w.test/", now: new Date("2026-12-06T10:20:00Z") });
    expect(n.url).toBe(`http://w.test/approvals?id=${approval.id}`);
    expect(n.title).toMatch(/^Expiring soon/);
    expect(n.body).toContain("expires in 10 min");
    const mail = noticeEmail(n, links);
    expect(mail.subject).not.toMatch(/[\r\n]/);
    expect(mail.text).toContain(`Approve: ${links.approve}`);
    expect(mail.text).toContain(`Deny: ${links.deny}`);
    const slack = noticeSlackPayload(n, links);
    expect(slack.text).not.toContain("<!channel>");
    expect(slack.text).not.toContain("<https://x|bob>");
    expect(slack.text).toContain(`<${n.url}|Open in Warden>`);
    const actions = slack.blocks.find((b) => b.type === "actions") as { elements: { action_id: string; url: string; value: string }[] };
    expect(actions.elements.map((e) => [e.action_id, e.url, e.value])).toEqual([
      ["warden_approve", links.approve, "a".repeat(43)],
      ["warden_deny", links.deny, "d".repeat(43)],
    ]);
  });

  it("carry no decision links when there are none (no public URL)", () => {
    const n = reviewerNotice({ kind: "requested", approval, baseUrl: "" });
    expect(noticeEmail(n, null).text).not.toContain("Approve:");
    expect(noticeSlackPayload(n, null).blocks.some((b) => b.type === "actions")).toBe(false);
  });
});
