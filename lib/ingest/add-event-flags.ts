import "server-only";
import { db } from "../db";
import { ApiError } from "../http/errors";
import { isUuid } from "../gateways/is-uuid";
import { raiseAlert } from "../alerts/raise-alert";
import { dispatchAlertNotifications } from "../alerts/dispatch-alert-notifications";
import { scoreRisk } from "../guards/score-risk";
import { log } from "../log";
import { publish } from "../realtime/publish";
import type { AddEventFlagsBody, AddEventFlagsResponse } from "./schema";

// Late flags (issue 17 "Two speeds", docs/guards.md): the gateway's heavy rule sets scan a tool's output in a
// worker after the result was returned, so what they find reaches Warden after the call's event. This ADDS
// flags to one event of the key's gateway — never removes, never changes status — in one transaction with the
// rollups the flags count in (flagged calls, the flag rollups the risk_flag alert rules read, at the event's
// own minute/hour/day, as ingest would have counted them), and raises one alert per tool while it is open
// (`output_heavy_finding`, the tool_heavy_finding pattern). Idempotent: flags the event already carries add
// nothing, raise nothing. Not found — no such event yet (still in the gateway's spool) or another gateway's —
// is one 404: the gateway keeps the late flags in its own durable queue and retries (lib/gateway/guards/).

interface EventRow {
  ts: Date;
  server: string;
  tool: string;
  team: string | null;
  user_id: string;
  risk_flags: string[];
}

export async function addEventFlags(o: { gatewayId: string; eventId: string; input: AddEventFlagsBody }): Promise<AddEventFlagsResponse> {
  if (!isUuid(o.eventId)) throw new ApiError("not_found", "No such event for this gateway.");
  const { gatewayId, eventId, input } = o;
  const out = await db().$transaction(async (tx) => {
    // The claim gives the event's time (events are partitioned by day); the row is locked so two late-flag
    // requests for one event count each flag once.
    const rows = await tx.$queryRaw<EventRow[]>`
      SELECT e.ts, e.server, e.tool, e.team, e.user_id, e.risk_flags FROM event_claims c
      JOIN events e ON e.id = c.id AND e.ts = c.ts
      WHERE c.id = ${eventId}::uuid AND e.gateway_id = ${gatewayId}::uuid
      FOR UPDATE OF e`;
    const event = rows[0];
    if (!event) throw new ApiError("not_found", "No such event for this gateway (yet): late flags apply to events Warden has stored.");
    const before = event.risk_flags ?? [];
    const added = [...new Set(input.flags)].filter((f) => !before.includes(f));
    const riskFlags = [...before, ...added];
    if (!added.length) return { event, added, riskFlags, alert: null };

    await tx.$executeRaw`UPDATE events SET risk_flags = ${riskFlags}::text[] WHERE id = ${eventId}::uuid AND ts = ${event.ts}`;
    const team = event.team ?? "";
    if (before.length === 0) {
      // The call now counts as flagged, in each rollup that counts flagged calls.
      await tx.$executeRaw`
        UPDATE rollup_minute SET flagged = flagged + 1 WHERE bucket = date_trunc('minute', ${event.ts}::timestamptz, 'UTC')
          AND gateway_id = ${gatewayId}::uuid AND server = ${event.server} AND tool = ${event.tool} AND team = ${team}`;
      await tx.$executeRaw`
        UPDATE rollup_hour SET flagged = flagged + 1 WHERE bucket = date_trunc('hour', ${event.ts}::timestamptz, 'UTC')
          AND gateway_id = ${gatewayId}::uuid AND server = ${event.server} AND tool = ${event.tool} AND team = ${team}`;
      await tx.$executeRaw`
        UPDATE rollup_day SET flagged = flagged + 1 WHERE bucket = date_trunc('day', ${event.ts}::timestamptz, 'UTC')
          AND gateway_id = ${gatewayId}::uuid AND server = ${event.server} AND tool = ${event.tool} AND team = ${team}`;
      await tx.$executeRaw`
        UPDATE rollup_user_day SET flagged = flagged + 1
        WHERE day = (${event.ts}::timestamptz AT TIME ZONE 'UTC')::date AND user_id = ${event.user_id} AND team = ${team} AND gateway_id = ${gatewayId}::uuid`;
    }
    for (const flag of added) {
      await tx.$executeRaw`
        INSERT INTO rollup_flag_minute AS r (bucket, gateway_id, tool, flag, calls)
        VALUES (date_trunc('minute', ${event.ts}::timestamptz, 'UTC'), ${gatewayId}::uuid, ${event.tool}, ${flag}, 1)
        ON CONFLICT (bucket, gateway_id, tool, flag) DO UPDATE SET calls = r.calls + 1`;
      await tx.$executeRaw`
        INSERT INTO rollup_flag_day AS r (bucket, gateway_id, tool, flag, calls)
        VALUES (date_trunc('day', ${event.ts}::timestamptz, 'UTC'), ${gatewayId}::uuid, ${event.tool}, ${flag}, 1)
        ON CONFLICT (bucket, gateway_id, tool, flag) DO UPDATE SET calls = r.calls + 1`;
    }

    const label = `${event.server}/${event.tool}`;
    const rules = [...new Set(input.findings.map((f) => f.rule))];
    const risk = scoreRisk({ flags: riskFlags });
    const severe = input.findings.some((f) => f.severity === "high" || f.severity === "critical");
    const alert = await raiseAlert(tx, {
      dedupeKey: `gateway:output_heavy_finding:${gatewayId}:${label}`,
      source: "gateway",
      kind: "output_heavy_finding",
      severity: severe ? "warning" : "info",
      subjectType: "tool",
      subjectValue: label,
      title: `Heavy guard rules flagged an output of ${label}`,
      explanation:
        `After the result was returned, the gateway's heavy rules flagged the output of ${label} (event ${eventId}): ` +
        `${added.join(", ")}${rules.length ? ` by ${rules.slice(0, 5).join(", ")}` : ""}${input.findings[0] ? `. ${input.findings[0].message}` : ""}. ` +
        `The event's risk score is now ${risk.score}. The client already had the output; review the call and the tool.`,
      value: risk.score,
      details: { link: `/events?tool=${encodeURIComponent(event.tool)}&flag=${encodeURIComponent(added[0]!)}`, subjectLabel: label, gatewayId, eventId, flags: added, rules },
    });
    return { event, added, riskFlags, alert };
  });
  if (out.added.length) {
    publish("events");
    publish("alerts");
    void dispatchAlertNotifications().catch((err: unknown) => log.warn({ err: String(err) }, "late flags: alert notifications not dispatched"));
  }
  return { eventId, added: out.added, riskFlags: out.riskFlags, riskScore: scoreRisk({ flags: out.riskFlags }).score };
}
