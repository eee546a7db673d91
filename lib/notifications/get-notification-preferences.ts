import "server-only";
import { db } from "../db";
import type { NotificationPreferencesResponse } from "./schema";

/** GET /api/me/notification-preferences: the signed-in reviewer's choices (browser only until they save). */
export async function getNotificationPreferences(opts: { userId: string }): Promise<NotificationPreferencesResponse> {
  const [p, channels] = await Promise.all([
    db().notificationPreference.findUnique({ where: { userId: opts.userId } }),
    db().notificationChannel.findMany({ where: { enabled: true, type: { in: ["slack", "webhook"] } }, select: { id: true, name: true, type: true }, orderBy: { name: "asc" } }),
  ]);
  return {
    browser: p?.browser ?? true,
    email: p?.email ?? false,
    webhookChannelId: p?.webhookChannelId ?? null,
    emailAvailable: !!process.env.SMTP_URL,
    webhookChannels: channels.map((c) => ({ id: c.id, name: c.name, type: c.type as "slack" | "webhook" })),
  };
}
