import "server-only";
import { db } from "../db";
import { log } from "../log";
import { getIo } from "../realtime/publish";
import { sendEmail } from "../alerts/send-email";
import { sendWebhook } from "../webhooks/send-webhook";
import { createDecisionLinks, type DecisionLinks } from "./create-decision-links";
import { findTeamReviewers } from "./find-team-reviewers";
import { noticeEmail, noticeSlackPayload, noticeWebhookPayload, reviewerNotice, type ReviewerNotice } from "./format-reviewer-notification";
import type { NotificationChannelName, NotificationKind } from "./schema";

/** The socket.io event a reviewer's open tabs receive (lib/realtime/use-live-invalidation.ts → onLiveNotice). */
export const REVIEWER_NOTICE_EVENT = "approval-notice";

export interface NotifyResult {
  userId: string;
  channel: NotificationChannelName;
  status: "sent" | "failed" | "skipped";
  error?: string;
}

/**
 * Tells the reviewers of `team` (the rule's reviewer team; every reviewer when null) about a pending
 * request, each by the channels they chose (NotificationPreference): their open Warden tabs (socket, shown
 * as a browser notification when the tab is in the background), e-mail (SMTP_URL) and/or one of the
 * admin's Slack-compatible webhook channels. E-mail and webhook messages carry that reviewer's one-time
 * approve/deny links. Nothing is sent for a request that is no longer pending. Every e-mail and webhook
 * attempt is logged in approval_notifications; a failed delivery is recorded, not thrown (best effort: the
 * queue is the truth). notifyReviewersLater also catches anything else (logged).
 */
export async function notifyReviewers(opts: { approvalId: string; kind: NotificationKind; team?: string | null }): Promise<NotifyResult[]> {
  const a = await db().approval.findUnique({
    where: { id: opts.approvalId },
    select: { id: true, status: true, server: true, tool: true, userId: true, reason: true, expiresAt: true, reviewerTeam: true },
  });
  if (!a || a.status !== "pending" || a.expiresAt.getTime() <= Date.now()) return [];
  // Read per call (like the alert deliveries): the environment is the configuration, tests set it per file.
  const baseUrl = process.env.WARDEN_PUBLIC_URL ?? process.env.NEXTAUTH_URL ?? "";
  const notice = reviewerNotice({ kind: opts.kind, approval: a, baseUrl });
  const reviewers = await findTeamReviewers({ team: opts.team === undefined ? a.reviewerTeam : opts.team });
  // Open tabs first (one emit to every browser reviewer's room; not logged: most have no tab open), then
  // the slower channels.
  notifyBrowsers(reviewers.filter((r) => r.browser).map((r) => r.id), notice);
  const channelIds = [...new Set(reviewers.map((r) => r.webhookChannelId).filter((c): c is string => !!c))];
  const channels = channelIds.length ? await db().notificationChannel.findMany({ where: { id: { in: channelIds }, enabled: true, type: { in: ["slack", "webhook"] } } }) : [];
  const channelById = new Map(channels.map((c) => [c.id, c]));
  const results = await Promise.all(
    reviewers.map(async (r) => {
      const out: NotifyResult[] = [];
      const wantsLinks = (r.email_on && !!process.env.SMTP_URL) || (r.webhookChannelId && channelById.has(r.webhookChannelId));
      const links = wantsLinks && /^https?:\/\//.test(baseUrl) ? await createDecisionLinks({ approvalId: a.id, userId: r.id, expiresAt: a.expiresAt, baseUrl }) : null;
      if (r.email_on) out.push(await notifyEmail(r, notice, links));
      if (r.webhookChannelId) {
        const c = channelById.get(r.webhookChannelId);
        if (!c?.url) out.push({ userId: r.id, channel: "webhook", status: "skipped", error: "the chosen channel was removed or disabled" });
        else {
          const body = c.type === "slack" ? noticeSlackPayload(notice, links) : noticeWebhookPayload(notice, a.id, links);
          const res = await sendWebhook({ url: c.url, secret: c.type === "webhook" ? c.secret : null, body, headers: { "X-Warden-Event": `approval.${opts.kind}` } });
          out.push({ userId: r.id, channel: "webhook", status: res.ok ? "sent" : "failed", error: res.ok ? undefined : (res.error ?? `status ${res.status}`) });
        }
      }
      return out;
    }),
  );
  const flat = results.flat();
  if (flat.length) {
    await db().approvalNotification.createMany({
      data: flat.map((n) => ({ approvalId: a.id, userId: n.userId, kind: opts.kind, channel: n.channel, status: n.status, error: n.error?.slice(0, 500) ?? null })),
    });
  }
  for (const n of flat) if (n.status === "failed") log.warn({ approvalId: a.id, userId: n.userId, channel: n.channel, error: n.error }, "reviewer notification not delivered");
  return flat;
}

function notifyBrowsers(userIds: string[], notice: ReviewerNotice): void {
  const io = getIo();
  if (io && userIds.length) io.to(userIds.map((id) => `user:${id}`)).emit(REVIEWER_NOTICE_EVENT, notice);
}

async function notifyEmail(r: { id: string; email: string }, notice: ReviewerNotice, links: DecisionLinks | null): Promise<NotifyResult> {
  const smtpUrl = process.env.SMTP_URL;
  if (!smtpUrl) return { userId: r.id, channel: "email", status: "skipped", error: "email is not configured (SMTP_URL is not set)" };
  const m = noticeEmail(notice, links);
  const from = process.env.SMTP_FROM || `warden@${new URL(process.env.WARDEN_PUBLIC_URL ?? "http://localhost").hostname}`;
  const res = await sendEmail({ smtpUrl, from, to: r.email, subject: m.subject, text: m.text });
  return { userId: r.id, channel: "email", status: res.ok ? "sent" : "failed", error: res.error };
}

/**
 * After a request's commit: notify its reviewers in the background (never delays or fails the caller).
 * Resolves when done (the bench and tests may await it).
 */
export function notifyReviewersLater(opts: { approvalId: string; kind: NotificationKind; team?: string | null }): Promise<void> {
  return notifyReviewers(opts).then(
    () => undefined,
    (err) => log.warn({ approvalId: opts.approvalId, err: String(err) }, "reviewer notifications failed"),
  );
}
