import "server-only";
import { db } from "../db";
import { recordAudit, type AuditActor } from "../audit/record-audit";
import { generateWebhookSecret } from "../approvals/create-approval-rule";
import { channelView, type ChannelView } from "./channel-view";
import { checkChannelUrl } from "./check-channel-url";
import { CreateChannelBody } from "./schema";

/**
 * POST /api/channels. A generic webhook gets a signing secret (generated unless given), returned once;
 * Slack incoming webhooks carry their secret in the URL and are not signed.
 */
export async function createChannel(opts: { input: CreateChannelBody; actor: AuditActor }): Promise<{ channel: ChannelView; secret?: string }> {
  const input = CreateChannelBody.parse(opts.input);
  const isHook = input.type === "webhook" || input.type === "slack";
  if (isHook) await checkChannelUrl(input.url);
  const secret = input.type === "webhook" ? (input.secret ?? generateWebhookSecret()) : undefined;
  return db().$transaction(async (tx) => {
    const c = await tx.notificationChannel.create({
      data: {
        name: input.name,
        type: input.type,
        url: isHook ? input.url : null,
        email: input.type === "email" ? input.email : null,
        secret: secret ?? null,
        minSeverity: input.minSeverity,
        subjectType: input.subjectType,
        enabled: input.enabled,
      },
    });
    const view = channelView(c);
    await recordAudit(tx, { actor: opts.actor, action: "channel.create", targetType: "notification_channel", targetId: c.id, after: view });
    return { channel: view, secret: input.secret ? undefined : secret };
  });
}
