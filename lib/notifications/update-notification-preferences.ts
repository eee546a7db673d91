import "server-only";
import { db } from "../db";
import { ApiError } from "../http/errors";
import { recordAudit, type AuditActor } from "../audit/record-audit";
import { getNotificationPreferences } from "./get-notification-preferences";
import { UpdateNotificationPreferencesBody, type NotificationPreferencesResponse } from "./schema";

/**
 * PUT /api/me/notification-preferences. The webhook must be one of the admin's enabled Slack or webhook
 * channels (a reviewer cannot point Warden at a URL of their own); e-mail needs SMTP_URL. 400 naming the
 * field otherwise. Audited.
 */
export async function updateNotificationPreferences(opts: { userId: string; input: UpdateNotificationPreferencesBody; actor: AuditActor }): Promise<NotificationPreferencesResponse> {
  const input = UpdateNotificationPreferencesBody.parse(opts.input);
  if (input.webhookChannelId) {
    const c = await db().notificationChannel.findFirst({ where: { id: input.webhookChannelId, enabled: true, type: { in: ["slack", "webhook"] } } });
    if (!c) throw new ApiError("invalid_request", "No such Slack or webhook channel.", { issues: [{ path: "webhookChannelId", message: "not an enabled Slack or webhook channel" }] });
  }
  if (input.email && !process.env.SMTP_URL) {
    throw new ApiError("invalid_request", "This Warden cannot send e-mail (SMTP_URL is not set).", { issues: [{ path: "email", message: "e-mail is not configured" }] });
  }
  await db().$transaction(async (tx) => {
    const before = await tx.notificationPreference.findUnique({ where: { userId: opts.userId } });
    await tx.notificationPreference.upsert({ where: { userId: opts.userId }, create: { userId: opts.userId, ...input }, update: input });
    await recordAudit(tx, {
      actor: opts.actor,
      action: "notification_preferences.update",
      targetType: "user",
      targetId: opts.userId,
      before: before ? { browser: before.browser, email: before.email, webhookChannelId: before.webhookChannelId } : undefined,
      after: input,
    });
  });
  return getNotificationPreferences({ userId: opts.userId });
}
