import "server-only";
import { chatLink, chatPayload, mrkdwn, Mrkdwn } from "../alerts/format-notification";
import { db } from "../db";
import { maskSecretsInText } from "../guards/mask-secrets";
import { log } from "../log";
import { enqueueJob } from "../jobs/job-runner";
import { sendWebhook } from "../webhooks/send-webhook";
import { announceApprovalJob } from "./jobs";

/**
 * The body a rule's webhook receives for a new request (no params: they stay in Warden; detected secrets
 * in the reason, goal and justification masked): a chat message
 * (`text` and `blocks`, through the one chat formatter the alerts use, so gateway-supplied text such as
 * `<!channel>` or `<https://x|Click to approve>` is escaped and the only link is Warden's own) and the
 * request as structured data.
 */
export function approvalAnnouncement(a: {
  id: string;
  server: string;
  tool: string;
  userId: string;
  team: string | null;
  reason: string | null;
  justification: string | null;
  userGoal: string | null;
  riskScore: number | null;
  riskFlags: string[];
  estimatedCostUsd: { toString(): string } | null;
  expiresAt: Date;
  requiredApprovals: number;
}, rule: { id: string; name: string }, gatewayName: string) {
  // Chat is outside Warden: a secret the agent wrote into its texts is masked there too.
  const reason = a.reason === null ? null : maskSecretsInText(a.reason);
  const justification = a.justification === null ? null : maskSecretsInText(a.justification);
  const userGoal = a.userGoal === null ? null : maskSecretsInText(a.userGoal);
  const base = process.env.WARDEN_PUBLIC_URL?.replace(/\/$/, "") ?? "";
  const url = `${base}/approvals?id=${a.id}`;
  const votes = new Mrkdwn(a.requiredApprovals > 1 ? ` (${a.requiredApprovals} approvals needed)` : "");
  const chat = chatPayload({
    head: mrkdwn`:raised_hand: *Approval needed*: ${a.tool} on ${a.server} for ${a.userId}${votes}`,
    body: [
      mrkdwn`Gateway ${gatewayName}, rule "${rule.name}", expires ${a.expiresAt.toISOString()}`,
      ...(reason ? [mrkdwn`Reason: ${reason}`] : []),
      ...(userGoal ? [mrkdwn`User's goal: ${userGoal}`] : []),
      ...(justification ? [mrkdwn`Agent's justification: ${justification}`] : []),
    ],
    links: /^https?:\/\//.test(url) ? [chatLink(url, "Open in Warden")] : [],
  });
  return {
    type: "approval.requested",
    ...chat,
    approval: {
      id: a.id,
      gateway: gatewayName,
      server: a.server,
      tool: a.tool,
      userId: a.userId,
      team: a.team,
      reason,
      justification,
      userGoal,
      riskScore: a.riskScore,
      riskFlags: a.riskFlags,
      estimatedCostUsd: a.estimatedCostUsd?.toString() ?? null,
      requiredApprovals: a.requiredApprovals,
      expiresAt: a.expiresAt.toISOString(),
      url,
    },
    rule: { id: rule.id, name: rule.name },
  };
}

/** Delivers the announcement of one approval to its rule's webhook (the job's handler; throws to retry). */
export async function deliverApprovalAnnouncement(approvalId: string): Promise<void> {
  const a = await db().approval.findUnique({ where: { id: approvalId }, include: { rule: true } });
  if (!a?.rule?.webhookUrl || a.status !== "pending") return;
  const gw = await db().gateway.findUnique({ where: { id: a.gatewayId }, select: { name: true } });
  const res = await sendWebhook({ url: a.rule.webhookUrl, secret: a.rule.webhookSecret, body: approvalAnnouncement(a, a.rule, gw?.name ?? a.gatewayId) });
  if (!res.ok) throw new Error(`approval webhook failed: ${res.error ?? `status ${res.status}`}`);
}

/**
 * After commit: queue the announcement (retried by the job queue's workers, on whichever instance runs them);
 * if it cannot be queued, deliver it in the background and log the outcome. Never delays or fails the
 * gateway's request.
 */
export function announceApproval(opts: { approval: { id: string }; rule: { webhookUrl: string | null }; gatewayName: string }): void {
  if (!opts.rule.webhookUrl) return;
  const id = opts.approval.id;
  enqueueJob(announceApprovalJob, { approvalId: id }, { retryLimit: 3, retryDelay: 10, retryBackoff: true }).catch(() =>
    deliverApprovalAnnouncement(id).catch((err) => log.warn({ approvalId: id, err: String(err) }, "approval webhook not delivered")),
  );
}
