import "server-only";
import { db } from "../db";
import { env } from "../env";
import { log } from "../log";
import { enqueueJob } from "../jobs/job-runner";
import { redactTarget } from "./channel-view";
import { deliverNotificationJob, DELIVERY_ATTEMPTS } from "./jobs";
import { SEVERITY_RANK, type Severity } from "./schema";

// Routing, as an outbox: alerts with notified_at IS NULL (new, or escalated) are claimed — a conditional
// update, so two instances never route the same alert — matched against the enabled channels (by minimum
// severity and subject type), and each match becomes a delivery row plus a job (retried with backoff: the
// n-th retry after 2^(n-1) to 2^n × WARDEN_WEBHOOK_RETRY_SECONDS, pg-boss's jittered exponential backoff).
// Channels notify per incident (lib/incidents): a channel that already has a delivery for another alert of
// the same incident does not hear about this one (alerts are claimed oldest first; see the per-incident lock).

export async function dispatchAlertNotifications(opts: { limit?: number } = {}): Promise<{ alerts: number; deliveries: number }> {
  const claimed = await db().$queryRaw<{ id: string; severity: Severity; subject_type: string; status: string; escalated: boolean; incident_id: string | null }[]>`
    UPDATE alerts AS a SET notified_at = now()
    FROM (SELECT id FROM alerts WHERE notified_at IS NULL ORDER BY first_seen_at LIMIT ${opts.limit ?? 100} FOR UPDATE SKIP LOCKED) AS c
    WHERE a.id = c.id
    RETURNING a.id::text AS id, a.severity::text AS severity, a.subject_type, a.status::text AS status, a.last_seen_at > a.first_seen_at AS escalated, a.incident_id::text AS incident_id`;
  const live = claimed.filter((a) => a.status !== "resolved");
  if (!live.length) return { alerts: claimed.length, deliveries: 0 };
  const channels = await db().notificationChannel.findMany({ where: { enabled: true } });
  let deliveries = 0;
  for (const a of live) {
    // Per incident, "which channels heard already" and the new deliveries are one step under a lock, so
    // two instances routing alerts of the same incident at once do not both notify.
    const created = await db().$transaction(async (tx) => {
      const heard = new Set<string>();
      if (a.incident_id) {
        await tx.$queryRaw`SELECT 1 AS locked FROM (SELECT pg_advisory_xact_lock(hashtext(${a.incident_id}))) AS l`;
        const rows = await tx.$queryRaw<{ channel_id: string }[]>`
          SELECT DISTINCT d.channel_id::text AS channel_id FROM alert_deliveries d JOIN alerts o ON o.id = d.alert_id
          WHERE o.incident_id = ${a.incident_id}::uuid AND o.id <> ${a.id}::uuid AND d.channel_id IS NOT NULL`;
        for (const r of rows) heard.add(r.channel_id);
      }
      const ids: string[] = [];
      for (const c of channels) {
        if (heard.has(c.id)) continue;
        if (SEVERITY_RANK[a.severity] < SEVERITY_RANK[c.minSeverity]) continue;
        if (c.subjectType && c.subjectType !== a.subject_type) continue;
        ids.push((await tx.alertDelivery.create({ data: { alertId: a.id, channelId: c.id, target: redactTarget(c), status: "pending" } })).id);
      }
      return ids;
    });
    for (const id of created) {
      deliveries++;
      await enqueueDelivery(id, a.escalated ? "alert.escalated" : "alert.opened");
    }
  }
  return { alerts: claimed.length, deliveries };
}

export async function enqueueDelivery(deliveryId: string, event: "alert.opened" | "alert.escalated" | "alert.test"): Promise<void> {
  try {
    await enqueueJob(deliverNotificationJob, { deliveryId, event }, { retryLimit: DELIVERY_ATTEMPTS - 1, retryDelay: env().WARDEN_WEBHOOK_RETRY_SECONDS, retryBackoff: true });
  } catch (err) {
    log.error({ deliveryId, err: String(err) }, "could not queue a notification");
    await db().alertDelivery.update({ where: { id: deliveryId }, data: { status: "failed", lastError: `not queued: ${String(err)}` } });
  }
}
