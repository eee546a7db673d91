import { withSession } from "@/lib/http/route";
import { getNotificationPreferences } from "@/lib/notifications/get-notification-preferences";
import { updateNotificationPreferences } from "@/lib/notifications/update-notification-preferences";
import { UpdateNotificationPreferencesBody } from "@/lib/notifications/schema";

// GET /api/me/notification-preferences — how the signed-in reviewer hears of new requests, and the choices.
export const GET = withSession({ permission: "approvals:decide" }, async ({ user }) => getNotificationPreferences({ userId: user.id }));

// PUT /api/me/notification-preferences — {"browser","email","webhookChannelId"}; 400 naming the field.
export const PUT = withSession({ permission: "approvals:decide", body: UpdateNotificationPreferencesBody }, async ({ user, body, actor }) =>
  updateNotificationPreferences({ userId: user.id, input: body, actor }),
);
