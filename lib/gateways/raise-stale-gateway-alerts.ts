import "server-only";
import { db } from "../db";
import { raiseAlert } from "../alerts/raise-alert";
import { dispatchAlertNotifications } from "../alerts/dispatch-alert-notifications";
import { publish } from "../realtime/publish";
import { STALE_AFTER_INTERVALS } from "./schema";
import { staleKey } from "./gateway-alerts";

/**
 * A gateway whose heartbeats stopped (none for more than 3 of its intervals) gets a critical alert: from
 * then on Warden cannot tell whether its calls are governed and recorded. Runs every minute as a job; the
 * next heartbeat resolves the alert (lib/gateways/record-heartbeat.ts); one resolved by a person stays
 * resolved until the gateway has reported again. Returns the ids of the gateways it alerted on.
 */
/** `now`: the clock staleness is judged by (tests look ahead); the alert itself is stamped with the wall clock. */
export async function raiseStaleGatewayAlerts(opts: { now?: Date } = {}): Promise<string[]> {
  const now = opts.now ?? new Date();
  const stale = await db().$queryRaw<{ gateway_id: string; name: string; received_at: Date; interval_seconds: number; gateway_version: string }[]>`
    SELECT h.gateway_id::text AS gateway_id, g.name, h.received_at, h.interval_seconds, h.gateway_version
    FROM gateway_heartbeats h JOIN gateways g ON g.id = h.gateway_id
    WHERE h.received_at < ${now}::timestamptz - make_interval(secs => h.interval_seconds * ${STALE_AFTER_INTERVALS})
      -- Once per silence: an alert about this silence that someone resolved (a gateway taken down on purpose)
      -- is not opened again until the gateway has reported since.
      AND NOT EXISTS (
        SELECT 1 FROM alerts a
        WHERE a.dedupe_key = 'gateway:' || h.gateway_id::text || ':stale' AND a.status = 'resolved' AND a.first_seen_at > h.received_at)`;
  if (!stale.length) return [];
  let opened = 0;
  await db().$transaction(async (tx) => {
    for (const s of stale) {
      const silentSeconds = Math.round((now.getTime() - s.received_at.getTime()) / 1000);
      const a = await raiseAlert(tx, {
        dedupeKey: staleKey(s.gateway_id),
        source: "gateway",
        kind: "gateway_stale",
        severity: "critical",
        subjectType: "gateway",
        subjectValue: s.gateway_id,
        title: `Gateway ${s.name} stopped reporting`,
        explanation:
          `No heartbeat from gateway ${s.name} (version ${s.gateway_version}) for ${silentSeconds} s; it reports every ${s.interval_seconds} s. ` +
          `It may be down, cut off from Warden, or running without reporting: its calls may be neither governed nor recorded.`,
        value: silentSeconds,
        baseline: s.interval_seconds,
        details: { gatewayId: s.gateway_id, gatewayName: s.name, lastHeartbeatAt: s.received_at.toISOString(), intervalSeconds: s.interval_seconds },
      });
      if (a.opened) opened++;
    }
  });
  if (opened) {
    publish("alerts");
    await dispatchAlertNotifications();
  }
  return stale.map((s) => s.gateway_id);
}
