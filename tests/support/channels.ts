import { db } from "../../lib/db";

/**
 * Disables every notification channel whose URL points at `urlPrefix` (a test's receiver, about to close).
 * The integration files share one Warden: a channel left enabled toward a closed receiver gets every later
 * alert and reviewer notification of every other file, and their retries crowd the delivery queue (seen:
 * channel tests timing out behind hundreds of refused retries). Deliveries still queued for a disabled
 * channel are cancelled by the worker.
 */
export async function disableChannelsTo(urlPrefix: string): Promise<void> {
  await db().notificationChannel.updateMany({ where: { url: { startsWith: urlPrefix }, enabled: true }, data: { enabled: false } });
}
