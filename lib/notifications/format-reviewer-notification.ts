import { chatLink, chatPayload, headerSafe, mrkdwn } from "../alerts/format-notification";
import type { NotificationKind } from "./schema";
import type { DecisionLinks } from "./create-decision-links";

// What a reviewer receives about a request, per channel (pure: tested in format-reviewer-notification.test.ts).
// Gateway-supplied text goes through the chat formatter (escaped) and never carries a link of its own; the
// only links are Warden's: the request, and the reviewer's one-time approve/deny links.

export interface NoticeApproval {
  id: string;
  server: string;
  tool: string;
  userId: string;
  reason: string | null;
  expiresAt: Date;
}

export interface ReviewerNotice {
  kind: NotificationKind;
  title: string;
  body: string;
  url: string;
}

const TITLE: Record<NotificationKind, string> = {
  requested: "Approval needed",
  warning: "Expiring soon: approval needed",
  escalation: "Escalated to your team: approval needed",
};

export function reviewerNotice(opts: { kind: NotificationKind; approval: NoticeApproval; baseUrl: string; now?: Date }): ReviewerNotice {
  const a = opts.approval;
  const minutes = Math.max(0, Math.round((a.expiresAt.getTime() - (opts.now ?? new Date()).getTime()) / 60_000));
  return {
    kind: opts.kind,
    title: `${TITLE[opts.kind]}: ${headerSafe(a.tool, 120)} on ${headerSafe(a.server, 120)}`,
    body: `For ${headerSafe(a.userId, 254)}; expires in ${minutes} min (${a.expiresAt.toISOString()}).`,
    url: `${opts.baseUrl.replace(/\/$/, "")}/approvals?id=${a.id}`,
  };
}

export function noticeEmail(n: ReviewerNotice, links: DecisionLinks | null): { subject: string; text: string } {
  const lines = [n.title, "", n.body, "", `Open the request: ${n.url}`];
  if (links) {
    lines.push(
      "",
      "Decide from here (each link opens a confirmation page in Warden; you sign in, nothing is decided until you confirm; each works once):",
      `Approve: ${links.approve}`,
      `Deny: ${links.deny}`,
    );
  }
  return { subject: `[Warden] ${headerSafe(n.title)}`, text: lines.join("\n") };
}

/** A Slack message: the notice, a link to the request, and URL buttons to the one-time confirmation pages. */
export function noticeSlackPayload(n: ReviewerNotice, links: DecisionLinks | null) {
  const chat = chatPayload({ head: mrkdwn`:raised_hand: *${n.title}*`, body: [mrkdwn`${n.body}`], links: [chatLink(n.url, "Open in Warden")] });
  const token = (url: string) => new URL(url).searchParams.get("token") ?? "";
  return {
    ...chat,
    blocks: [
      ...chat.blocks,
      ...(links
        ? [
            {
              type: "actions",
              block_id: "warden_decision",
              elements: [
                { type: "button", action_id: "warden_approve", text: { type: "plain_text", text: "Approve…" }, style: "primary", url: links.approve, value: token(links.approve) },
                { type: "button", action_id: "warden_deny", text: { type: "plain_text", text: "Deny…" }, style: "danger", url: links.deny, value: token(links.deny) },
              ],
            },
          ]
        : []),
    ],
  };
}

/** A generic webhook's JSON body. */
export function noticeWebhookPayload(n: ReviewerNotice, approvalId: string, links: DecisionLinks | null) {
  return { type: `approval.${n.kind}`, title: n.title, text: n.body, approval: { id: approvalId, url: n.url }, links };
}
