import type { Alert } from "../generated/prisma/client";
import { revealInvisible } from "../guards/find-invisible-characters";
import { alertSubject } from "./alert-subject";

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
  /** The subject's own page (a budget alert's budget), or null. */
  subjectUrl?: string | null;
  /** The incident the alert opened (channels hear about an incident once; see lib/incidents). */
  incidentId: string | null;
}

export function notificationAlert(a: Alert, publicUrl: string | undefined): NotificationAlert {
  const details = (a.details ?? {}) as Record<string, unknown>;
  const base = publicUrl?.replace(/\/$/, "");
  const link = typeof details.link === "string" && details.link.startsWith("/") ? details.link : null;
  const subject = alertSubject(a);
  return {
    id: a.id,
    severity: a.severity,
    status: a.status,
    title: a.title,
    explanation: a.explanation,
    subjectType: a.subjectType,
    subjectValue: a.subjectValue,
    subjectLabel: subject.label,
    source: a.source,
    kind: a.kind,
    firstSeenAt: a.firstSeenAt.toISOString(),
    lastSeenAt: a.lastSeenAt.toISOString(),
    url: base ? `${base}/alerts?alert=${a.id}` : null,
    eventsUrl: base && link ? `${base}${link}` : null,
    subjectUrl: base && subject.href ? `${base}${subject.href}` : null,
    incidentId: a.incidentId ?? null,
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
    incidentId: null,
  };
}

/** Generic webhook: JSON, signed by sendWebhook. */
export function webhookPayload(event: NotificationEvent, alert: NotificationAlert) {
  return { type: event, sentAt: new Date().toISOString(), alert };
}

/**
 * Slack's `&`, `<`, `>` escaping (so a tool named `<!channel>` cannot ping anyone, nor text forge a link),
 * with invisible characters (Unicode tags, zero-width, bidi controls) shown as visible `⟦…⟧` labels.
 */
export function slackEscape(text: string): string {
  return revealInvisible(text).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

// The one chat formatter, for alerts and approval announcements alike. Every value interpolated into
// `mrkdwn` is escaped; only the markup written in Warden's own template text and the links built by
// `chatLink` stay control sequences.

/** Slack mrkdwn that is safe to send as is. */
export class Mrkdwn {
  constructor(readonly text: string) {}
  toString(): string {
    return this.text;
  }
}

/** mrkdwn`*${severity}* ${title}`: the template's text is kept, each value escaped (a Mrkdwn value is kept). */
export function mrkdwn(strings: TemplateStringsArray, ...values: unknown[]): Mrkdwn {
  let out = strings[0];
  values.forEach((v, i) => {
    out += (v instanceof Mrkdwn ? v.text : slackEscape(String(v ?? ""))) + strings[i + 1];
  });
  return new Mrkdwn(out);
}

/** A link Warden builds to itself: `<url|label>`, with the URL's `<`, `>` and `|` percent-encoded and the label escaped. */
export function chatLink(url: string, label: string): Mrkdwn {
  const safe = url.replace(/[<>|\s]/g, (c) => encodeURIComponent(c));
  return new Mrkdwn(`<${safe}|${slackEscape(label)}>`);
}

/** Slack-compatible incoming webhook body (also understood by Mattermost, Rocket.Chat, Discord /slack). */
export function chatPayload(opts: { head: Mrkdwn; body?: Mrkdwn[]; links?: Mrkdwn[] }) {
  const main = [opts.head, ...(opts.body ?? [])].map((m) => m.text).join("\n");
  const links = (opts.links ?? []).map((m) => m.text).join(" · ");
  return {
    text: `${main}${links ? `\n${links}` : ""}`,
    blocks: [
      { type: "section", text: { type: "mrkdwn", text: main } },
      ...(links ? [{ type: "context", elements: [{ type: "mrkdwn", text: links }] }] : []),
    ],
  };
}

const EMOJI: Record<string, string> = { critical: ":red_circle:", warning: ":large_orange_circle:", info: ":large_blue_circle:" };

/** What a Slack channel receives about an alert. */
export function slackPayload(event: NotificationEvent, alert: NotificationAlert) {
  const emoji = new Mrkdwn(EMOJI[alert.severity] ?? "");
  const escalated = new Mrkdwn(event === "alert.escalated" ? " (escalated)" : "");
  return chatPayload({
    head: mrkdwn`${emoji} *${alert.severity.toUpperCase()}* ${alert.title}${escalated}`,
    body: [mrkdwn`${alert.explanation}`],
    links: [alert.url ? chatLink(alert.url, "Open in Warden") : null, alert.eventsUrl ? chatLink(alert.eventsUrl, "Events") : null, alert.subjectUrl ? chatLink(alert.subjectUrl, `Budget ${alert.subjectLabel}`) : null].filter((l) => l !== null),
  });
}

/** One line, no control characters: safe for an email header. */
export function headerSafe(text: string, max = 200): string {
  return revealInvisible(text).replace(/[\u0000-\u001f\u007f]+/g, " ").slice(0, max);
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
    ...(alert.subjectUrl ? [`Budget: ${alert.subjectUrl}`] : []),
  ];
  return { subject, text: revealInvisible(lines.join("\n")) };
}
