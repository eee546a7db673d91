import { z } from "zod";

// The reviewer-notification contracts (docs/approval-notifications.md).

export const NOTIFICATION_KINDS = ["requested", "warning", "escalation"] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];
export const NOTIFICATION_CHANNELS = ["browser", "email", "webhook"] as const;
export type NotificationChannelName = (typeof NOTIFICATION_CHANNELS)[number];

// GET /api/me/notification-preferences (also the reply of PUT)
export const NotificationPreferencesResponse = z.object({
  browser: z.boolean(),
  email: z.boolean(),
  webhookChannelId: z.uuid().nullable(),
  /** Whether this Warden can send e-mail at all (SMTP_URL set). */
  emailAvailable: z.boolean(),
  /** The Slack-compatible webhook channels an admin set up, to choose from. */
  webhookChannels: z.array(z.object({ id: z.uuid(), name: z.string(), type: z.enum(["slack", "webhook"]) })),
});
export type NotificationPreferencesResponse = z.infer<typeof NotificationPreferencesResponse>;

// PUT /api/me/notification-preferences — how the signed-in reviewer hears of requests for their team.
export const UpdateNotificationPreferencesBody = z
  .object({
    browser: z.boolean(),
    email: z.boolean(),
    webhookChannelId: z.uuid().nullable(),
  })
  .strict();
export type UpdateNotificationPreferencesBody = z.infer<typeof UpdateNotificationPreferencesBody>;

// POST /api/approval-links/redeem — the confirmation page's POST: spends a one-time link, then votes.
export const RedeemDecisionLinkBody = z
  .object({
    token: z.string().regex(/^[A-Za-z0-9_-]{43}$/, "a decision link token (43 characters)"),
    comment: z.string().trim().max(2000).optional(),
  })
  .strict();
export type RedeemDecisionLinkBody = z.infer<typeof RedeemDecisionLinkBody>;
