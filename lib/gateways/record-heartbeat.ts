import "server-only";
import { db } from "../db";
import type { Prisma } from "../generated/prisma/client";
import { raiseAlert } from "../alerts/raise-alert";
import { dispatchAlertNotifications } from "../alerts/dispatch-alert-notifications";
import { log } from "../log";
import { publish } from "../realtime/publish";
import { DEFAULT_HEARTBEAT_INTERVAL_SECONDS, HeartbeatBody, STALE_AFTER_INTERVALS } from "./schema";
import { failOpenKey, failOpenPrefix, heavyUnscannedKey, lostRecordsKey, resolveGatewayAlerts, staleKey } from "./gateway-alerts";
import { TX_OPTIONS } from "./tx-options";

/**
 * POST /api/v1/heartbeat: replaces the gateway's latest heartbeat and, in the same transaction, keeps its
 * alerts true: one alert per fail-open setting it reports (resolved once it stops reporting it), one when
 * it dead-lettered or dropped records since its last heartbeat, one when its heavy output scan left outputs
 * unscanned since then, and the "stopped reporting" alert resolved (it reports again). Notifications go out
 * after commit. The heavy scan's counters (`heavyOutputs`) are kept in `counters`, under that key.
 */
export async function recordHeartbeat(opts: { gatewayId: string; gatewayName: string; input: HeartbeatBody; now?: Date }): Promise<{ staleAfterSeconds: number }> {
  const input = HeartbeatBody.parse(opts.input);
  const now = opts.now ?? new Date();
  const intervalSeconds = Math.max(1, input.intervalSeconds ?? DEFAULT_HEARTBEAT_INTERVAL_SECONDS);
  const startedAt = new Date(input.startedAt);
  const row = {
    gatewayVersion: input.gatewayVersion,
    policyEtag: input.policyEtag,
    policyAgeSeconds: input.policyAgeSeconds,
    spool: input.spool,
    counters: input.heavyOutputs ? { ...input.counters, heavyOutputs: input.heavyOutputs } : input.counters,
    failOpen: input.failOpen,
    upstreams: input.upstreams,
    startedAt,
    intervalSeconds,
    receivedAt: now,
  };
  const raised = await db().$transaction(async (tx) => {
    // The previous heartbeat, locked: two heartbeats of one gateway compare counters one after the other.
    const previous = await tx.$queryRaw<{ counters: Prisma.JsonValue; started_at: Date }[]>`
      SELECT counters, started_at FROM gateway_heartbeats WHERE gateway_id = ${opts.gatewayId}::uuid FOR UPDATE`;
    await tx.gatewayHeartbeat.upsert({ where: { gatewayId: opts.gatewayId }, create: { gatewayId: opts.gatewayId, ...row }, update: row });

    const subject = { subjectType: "gateway", subjectValue: opts.gatewayId, now } as const;
    let opened = 0;
    for (const f of input.failOpen) {
      const a = await raiseAlert(tx, {
        ...subject,
        dedupeKey: failOpenKey(opts.gatewayId, f.setting),
        source: "gateway",
        kind: "gateway_fail_open",
        severity: "warning",
        title: `Gateway ${opts.gatewayName} fails open: ${f.setting}`,
        explanation:
          `Gateway ${opts.gatewayName} (version ${input.gatewayVersion}) reports a setting with which calls can go through ` +
          `unguarded or unrecorded: ${f.setting}${f.detail ? ` — ${f.detail}` : ""}. The alert resolves itself once the gateway stops reporting it.`,
        details: { gatewayId: opts.gatewayId, gatewayName: opts.gatewayName, setting: f.setting, detail: f.detail },
      });
      if (a.opened || a.escalated) opened++;
    }
    await resolveGatewayAlerts(tx, { prefix: failOpenPrefix(opts.gatewayId), keep: input.failOpen.map((f) => failOpenKey(opts.gatewayId, f.setting)) });
    await resolveGatewayAlerts(tx, { keys: [staleKey(opts.gatewayId)] });

    // Records lost or refused since the previous heartbeat (counters restart with the gateway).
    const before =
      previous[0] && previous[0].started_at.getTime() === startedAt.getTime()
        ? (previous[0].counters as { deadLettered?: number; dropped?: number; heavyOutputs?: { dropped?: number; failed?: number } })
        : {};
    const newDeadLettered = input.counters.deadLettered - (before.deadLettered ?? 0);
    const newDropped = input.counters.dropped - (before.dropped ?? 0);
    if (newDeadLettered > 0 || newDropped > 0) {
      const a = await raiseAlert(tx, {
        ...subject,
        dedupeKey: lostRecordsKey(opts.gatewayId),
        source: "gateway",
        kind: "gateway_lost_records",
        severity: newDropped > 0 ? "critical" : "warning",
        title: `Gateway ${opts.gatewayName} could not deliver call records`,
        explanation:
          `Since its last heartbeat, gateway ${opts.gatewayName} dead-lettered ${Math.max(0, newDeadLettered)} event(s) Warden refused as invalid ` +
          `(kept in its dead-letter file) and dropped ${Math.max(0, newDropped)} (spool full in drop mode). ` +
          `Since it started: ${input.counters.deadLettered} dead-lettered, ${input.counters.dropped} dropped.`,
        value: Math.max(0, newDeadLettered) + Math.max(0, newDropped),
        details: { gatewayId: opts.gatewayId, gatewayName: opts.gatewayName, counters: input.counters, startedAt: input.startedAt },
      });
      if (a.opened || a.escalated) opened++;
    }

    // Outputs the heavy rules never scanned since the previous heartbeat: lost coverage (docs/guards.md "Two speeds").
    if (input.heavyOutputs) {
      const h = input.heavyOutputs;
      const newUnscanned = Math.max(0, h.dropped - (before.heavyOutputs?.dropped ?? 0));
      const newFailed = Math.max(0, h.failed - (before.heavyOutputs?.failed ?? 0));
      if (newUnscanned > 0 || newFailed > 0) {
        const lost = [
          ...(newUnscanned > 0 ? [`${newUnscanned} output(s) unscanned: the heavy queue was full (more outputs than its low-priority scanner keeps up with)`] : []),
          ...(newFailed > 0 ? [`${newFailed} scan(s) failed (the scanner process crashed or could not load its rules)`] : []),
        ];
        const a = await raiseAlert(tx, {
          ...subject,
          dedupeKey: heavyUnscannedKey(opts.gatewayId),
          source: "gateway",
          kind: "gateway_heavy_unscanned",
          severity: "warning",
          title: `Gateway ${opts.gatewayName} left outputs unscanned by the heavy rules`,
          explanation:
            `Since its last heartbeat, gateway ${opts.gatewayName} returned tool, resource or prompt outputs the heavy rules never scanned, ` +
            `so injections or secrets only they catch went unflagged: ${lost.join("; ")}. ` +
            `Since it started: ${h.scanned} scanned, ${h.dropped} dropped unscanned, ${h.failed} failed.`,
          value: newUnscanned + newFailed,
          details: { gatewayId: opts.gatewayId, gatewayName: opts.gatewayName, heavyOutputs: h, startedAt: input.startedAt },
        });
        if (a.opened || a.escalated) opened++;
      }
    }
    return opened;
  }, TX_OPTIONS);

  publish("gateways", opts.gatewayId);
  if (raised > 0) {
    publish("alerts");
    void dispatchAlertNotifications().catch((err: unknown) => log.warn({ err: String(err) }, "heartbeat: alert notifications not dispatched"));
  }
  return { staleAfterSeconds: intervalSeconds * STALE_AFTER_INTERVALS };
}
