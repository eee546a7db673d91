import "server-only";
import { db } from "../db";
import { log } from "../log";
import { sendWebhook } from "../webhooks/send-webhook";
import { emailMessage, notificationAlert, slackPayload, testAlert, webhookPayload, type NotificationEvent } from "./format-notification";
import { DELIVERY_ATTEMPTS } from "./jobs";
import { sendEmail } from "./send-email";

// One attempt of one delivery (the job handler). A failure that may pass (5xx, timeout, connection
// refused) throws, so the job queue retries it with backoff until DELIVERY_ATTEMPTS; a refusal (URL not
// allowed, 4xx) or the last attempt ends it as failed. Every attempt is logged on the delivery row.

export class RetryableDeliveryError extends Error {}

export async function deliverNotification(opts: { deliveryId: string; event: NotificationEvent }): Promise<void> {
  const d = await db().alertDelivery.findUnique({ where: { id: opts.deliveryId }, include: { alert: true, channel: true } });
  if (!d || d.status === "delivered" || d.status === "failed" || d.status === "cancelled") return;
  const c = d.channel;
  if (!c || !c.enabled) {
    await db().alertDelivery.update({ where: { id: d.id }, data: { status: "cancelled", lastError: "channel removed or disabled" } });
    return;
  }
  const publicUrl = process.env.WARDEN_PUBLIC_URL;
  const alert = d.alert ? notificationAlert(d.alert, publicUrl) : testAlert(publicUrl);
  const attempt = d.attempts + 1;
  let ok = false;
  let status: number | undefined;
  let error: string | undefined;
  let permanent = false;
  if (c.type === "email") {
    const smtpUrl = process.env.SMTP_URL;
    if (!smtpUrl) {
      error = "email is not configured (SMTP_URL is not set)";
      permanent = true;
    } else {
      const m = emailMessage(opts.event, alert);
      const from = process.env.SMTP_FROM || `warden@${new URL(publicUrl ?? "http://localhost").hostname}`;
      const r = await sendEmail({ smtpUrl, from, to: c.email ?? "", subject: m.subject, text: m.text });
      ok = r.ok;
      error = r.error;
    }
  } else {
    const body = c.type === "slack" ? slackPayload(opts.event, alert) : webhookPayload(opts.event, alert);
    const r = await sendWebhook({ url: c.url ?? "", secret: c.type === "webhook" ? c.secret : null, body, headers: { "X-Warden-Event": opts.event } });
    ok = r.ok;
    status = r.status;
    error = r.error;
    // A refused URL or a client error will not get better by retrying (except 408/429).
    permanent = !!r.refused || (status !== undefined && status >= 400 && status < 500 && status !== 408 && status !== 429);
  }
  const last = attempt >= DELIVERY_ATTEMPTS;
  await db().alertDelivery.update({
    where: { id: d.id },
    data: {
      attempts: attempt,
      responseStatus: status ?? null,
      lastError: ok ? null : (error ?? "failed").slice(0, 500),
      status: ok ? "delivered" : permanent || last ? "failed" : "retrying",
    },
  });
  if (!ok && !permanent && !last) throw new RetryableDeliveryError(`delivery ${d.id} attempt ${attempt} failed: ${error}`);
  if (!ok) log.warn({ deliveryId: d.id, channelId: c.id, status, error }, "notification not delivered");
}
