import "server-only";
import { db } from "../db";
import { env } from "../env";
import { log } from "../log";
import { enqueueJob } from "../jobs/job-runner";
import { redactTarget } from "./channel-view";
import { deliverNotificationJob, DELIVERY_ATTEMPTS } from "./jobs";
import { SEVERITY_RANK, type Severity } from "./schema";

// Routing, as an outbox: alerts with notified_at IS NULL (new, or escalated) are routed oldest first, each in
// one transaction that claims it (a conditional update of a row locked with SKIP LOCKED, so two instances never
// route the same alert), matches it against the enabled channels (by minimum severity and subject type) and
// creates a delivery row per match; after the commit each delivery becomes a job (retried with backoff: the
// n-th retry after 2^(n-1) to 2^n × WARDEN_WEBHOOK_RETRY_SECONDS, pg-boss's jittered exponential backoff).
// Claim and deliveries commit together: an alert reads as notified only once its deliveries exist, and a
// crash in between leaves it to be routed again (when the claim committed first, a reader saw a notified
// alert with no deliveries, and a crash lost the notification).
// Channels notify per incident (lib/incidents): a channel that already has a delivery for another alert of
// the same incident does not hear about this one (alerts are routed oldest first; see the per-incident lock).

export async function dispatchAlertNotifications(opts: { limit?: number } = {}): Promise<{ alerts: number; deliveries: number }> {
  const due = await db().$queryRaw<{ id: string }[]>`
    SELECT id::text AS id FROM alerts WHERE notified_at IS NULL ORDER BY first_seen_at, id LIMIT ${opts.limit ?? 100}`;
  if (!due.length) return { alerts: 0, deliveries: 0 };
  const channels = await db().notificationChannel.findMany({ where: { enabled: true } });
  let alerts = 0;
  let deliveries = 0;
  for (const { id } of due) {
    const routed = await db().$transaction(async (tx) => {
      const [a] = await tx.$queryRaw<{ id: string; severity: Severity; subject_type: string; status: string; escalated: boolean; incident_id: string | null }[]>`
        SELECT id::text AS id, severity::text AS severity, subject_type, status::text AS status, last_seen_at > first_seen_at AS escalated,
          incident_id::text AS incident_id
        FROM alerts WHERE id = ${id}::uuid AND notified_at IS NULL FOR NO KEY UPDATE SKIP LOCKED`;
      if (!a) return null; // routed meanwhile, or being routed by another instance
      // Per incident, "which channels heard already" and the new deliveries are one step under a lock, so
      // two instances routing alerts of the same incident at once do not both notify.
      const heard = new Set<string>();
      if (a.incident_id && a.status !== "resolved") {
        await tx.$queryRaw`SELECT 1 AS locked FROM (SELECT pg_advisory_xact_lock(hashtext(${a.incident_id}))) AS l`;
        // Oldest first within an incident: while an older alert of it is still unrouted (another instance is
        // routing it), this one waits for a later pass, so the channels hear of the incident by its first alert.
        const older = await tx.$queryRaw<{ n: number }[]>`
          SELECT 1 AS n FROM alerts o, alerts x WHERE x.id = ${a.id}::uuid AND o.incident_id = x.incident_id
            AND o.notified_at IS NULL AND o.status <> 'resolved' AND (o.first_seen_at, o.id) < (x.first_seen_at, x.id) LIMIT 1`;
        if (older.length) return null;
        const rows = await tx.$queryRaw<{ channel_id: string }[]>`
          SELECT DISTINCT d.channel_id::text AS channel_id FROM alert_deliveries d JOIN alerts o ON o.id = d.alert_id
          WHERE o.incident_id = ${a.incident_id}::uuid AND o.id <> ${a.id}::uuid AND d.channel_id IS NOT NULL`;
        for (const r of rows) heard.add(r.channel_id);
      }
      await tx.$executeRaw`UPDATE alerts SET notified_at = now() WHERE id = ${a.id}::uuid`;
      if (a.status === "resolved") return { escalated: false, ids: [] as string[] };
      const ids: string[] = [];
      for (const c of channels) {
        if (heard.has(c.id)) continue;
        if (SEVERITY_RANK[a.severity] < SEVERITY_RANK[c.minSeverity]) continue;
        if (c.subjectType && c.subjectType !== a.subject_type) continue;
        ids.push((await tx.alertDelivery.create({ data: { alertId: a.id, channelId: c.id, target: redactTarget(c), status: "pending" } })).id);
      }
      return { escalated: a.escalated, ids };
    });
    if (!routed) continue;
    alerts++;
    for (const deliveryId of routed.ids) {
      deliveries++;
      await enqueueDelivery(deliveryId, routed.escalated ? "alert.escalated" : "alert.opened");
    }
  }
  return { alerts, deliveries };
}

export async function enqueueDelivery(deliveryId: string, event: "alert.opened" | "alert.escalated" | "alert.test"): Promise<void> {
  try {
    await enqueueJob(deliverNotificationJob, { deliveryId, event }, { retryLimit: DELIVERY_ATTEMPTS - 1, retryDelay: env().WARDEN_WEBHOOK_RETRY_SECONDS, retryBackoff: true });
  } catch (err) {
    log.error({ deliveryId, err: String(err) }, "could not queue a notification");
    await db().alertDelivery.update({ where: { id: deliveryId }, data: { status: "failed", lastError: `not queued: ${String(err)}` } });
  }
}
