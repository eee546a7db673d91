import type { Alert } from "../generated/prisma/client";

// What a channel receives about an alert (pure). Alert texts carry untrusted names (tools, users…):
// Slack markup and email headers are escaped/flattened here.

export type NotificationEvent = "alert.opened" | "alert.escalated" | "alert.test";

export interface NotificationAlert {
  id: string;
  severity: string;
  status: string;
  title: string;
  explanation: string;
  subjectType: string;
  subjectValue: string;
  subjectLabel: string;
  source: string;
  kind: string;
  firstSeenAt: string;
  lastSeenAt: string;
  url: string | null;
  eventsUrl: string | null;
}

export function notificationAlert(a: Alert, publicUrl: string | undefined): NotificationAlert {
  const details = (a.details ?? {}) as Record<string, unknown>;
  const base = publicUrl?.replace(/\/$/, "");
  const link = typeof details.link === "string" && details.link.startsWith("/") ? details.link : null;
  return {
    id: a.id,
    severity: a.severity,
    status: a.status,
    title: a.title,
    explanation: a.explanation,
    subjectType: a.subjectType,
    subjectValue: a.subjectValue,
    subjectLabel: typeof details.subjectLabel === "string" ? details.subjectLabel : a.subjectValue,
    source: a.source,
    kind: a.kind,
    firstSeenAt: a.firstSeenAt.toISOString(),
    lastSeenAt: a.lastSeenAt.toISOString(),
    url: base ? `${base}/alerts?alert=${a.id}` : null,
    eventsUrl: base && link ? `${base}${link}` : null,
  };
}

export function testAlert(publicUrl: string | undefined): NotificationAlert {
  const now = new Date().toISOString();
  return {
    id: "00000000-0000-0000-0000-000000000000",
    severity: "info",
    status: "open",
    title: "Test notification from Warden",
    explanation: "If you can read this, alerts will reach this channel.",
    subjectType: "all",
    subjectValue: "all",
    subjectLabel: "all",
    source: "test",
    kind: "test",
    firstSeenAt: now,
    lastSeenAt: now,
    url: publicUrl ? `${publicUrl.replace(/\/$/, "")}/alerts` : null,
    eventsUrl: null,
  };
}

/** Generic webhook: JSON, signed by sendWebhook. */
export function webhookPayload(event: NotificationEvent, alert: NotificationAlert) {
  return { type: event, sentAt: new Date().toISOString(), alert };
}

/** Slack's `&`, `<`, `>` escaping (so a tool named `<!channel>` cannot ping anyone). */
export function slackEscape(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

const EMOJI: Record<string, string> = { critical: ":red_circle:", warning: ":large_orange_circle:", info: ":large_blue_circle:" };

/** Slack-compatible incoming webhook body (also understood by Mattermost, Rocket.Chat, Discord /slack). */
export function slackPayload(event: NotificationEvent, alert: NotificationAlert) {
  const head = `${EMOJI[alert.severity] ?? ""} *${slackEscape(alert.severity.toUpperCase())}* ${slackEscape(alert.title)}${event === "alert.escalated" ? " (escalated)" : ""}`;
  const links = [alert.url ? `<${alert.url}|Open in Warden>` : null, alert.eventsUrl ? `<${alert.eventsUrl}|Events>` : null].filter(Boolean).join(" · ");
  return {
    text: `${head}\n${slackEscape(alert.explanation)}${links ? `\n${links}` : ""}`,
    blocks: [
      { type: "section", text: { type: "mrkdwn", text: `${head}\n${slackEscape(alert.explanation)}` } },
      ...(links ? [{ type: "context", elements: [{ type: "mrkdwn", text: links }] }] : []),
    ],
  };
}

/** One line, no control characters: safe for an email header. */
export function headerSafe(text: string, max = 200): string {
  return text.replace(/[\u0000-\u001f\u007f]+/g, " ").slice(0, max);
}

export function emailMessage(event: NotificationEvent, alert: NotificationAlert): { subject: string; text: string } {
  const subject = headerSafe(`[Warden ${alert.severity}] ${alert.title}${event === "alert.escalated" ? " (escalated)" : ""}`);
  const lines = [
    alert.title,
    "",
    alert.explanation,
    "",
    `Severity: ${alert.severity}`,
    `Subject: ${alert.subjectType} ${alert.subjectLabel}`,
    `Since: ${alert.firstSeenAt}`,
    ...(alert.url ? [`Alert: ${alert.url}`] : []),
    ...(alert.eventsUrl ? [`Events: ${alert.eventsUrl}`] : []),
  ];
  return { subject, text: lines.join("\n") };
}
