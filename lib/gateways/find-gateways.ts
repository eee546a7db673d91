import "server-only";
import { db } from "../db";
import { Prisma, type GatewayHeartbeat } from "../generated/prisma/client";
import { apiKeyView } from "./api-key-view";
import { HEAVY_OUTPUTS_OFF_SETTINGS, STALE_AFTER_INTERVALS, type GatewayHeartbeatView, type HeartbeatBody } from "./schema";

/** Minutes over which the event rate is averaged. */
export const RATE_WINDOW_MINUTES = 15;

export interface GatewayActivity {
  gatewayId: string;
  eventsPerMinute: number;
  events24h: number;
}

/** Event rate (last 15 min, from rollup_minute) and 24 h volume (from rollup_hour) per gateway. */
export async function findGatewayActivity(now = new Date()): Promise<Map<string, GatewayActivity>> {
  const since = new Date(now.getTime() - RATE_WINDOW_MINUTES * 60_000);
  const dayAgo = new Date(now.getTime() - 86_400_000);
  const rows = await db().$queryRaw<{ gateway_id: string; recent: number; day: number }[]>(Prisma.sql`
    SELECT g.id AS gateway_id,
      coalesce((SELECT sum(calls) FROM rollup_minute m WHERE m.gateway_id = g.id AND m.bucket >= ${since}), 0)::int AS recent,
      coalesce((SELECT sum(calls) FROM rollup_hour h WHERE h.gateway_id = g.id AND h.bucket >= ${dayAgo}), 0)::int AS day
    FROM gateways g`);
  return new Map(
    rows.map((r) => [r.gateway_id, { gatewayId: r.gateway_id, eventsPerMinute: Number(r.recent) / RATE_WINDOW_MINUTES, events24h: Number(r.day) }]),
  );
}

/**
 * Events Warden holds from each gateway that reported a heartbeat, for calls since that gateway started
 * (minute rollup from the minute it started): the other side of its `counters.sent` ("reporting coverage").
 */
export async function findReceivedSinceStart(): Promise<Map<string, number>> {
  const rows = await db().$queryRaw<{ gateway_id: string; received: number }[]>(Prisma.sql`
    SELECT h.gateway_id::text AS gateway_id,
      coalesce((SELECT sum(calls) FROM rollup_minute m WHERE m.gateway_id = h.gateway_id AND m.bucket >= date_trunc('minute', h.started_at)), 0)::bigint AS received
    FROM gateway_heartbeats h`);
  return new Map(rows.map((r) => [r.gateway_id, Number(r.received)]));
}

/** The heavy output scan's coverage: reported counters, off (a fail-open setting says so), or not reported. */
function heavyOutputsView(heavy: HeartbeatBody["heavyOutputs"], failOpen: GatewayHeartbeatView["failOpen"]): GatewayHeartbeatView["heavyOutputs"] {
  if (heavy) return { status: "reported", ...heavy };
  const off = failOpen.find((f) => HEAVY_OUTPUTS_OFF_SETTINGS.includes(f.setting));
  return off ? { status: "off", setting: off.setting, detail: off.detail } : { status: "not_reported" };
}

function heartbeatView(h: GatewayHeartbeat, receivedSinceStart: number, now: Date): GatewayHeartbeatView {
  const staleAfterSeconds = h.intervalSeconds * STALE_AFTER_INTERVALS;
  // `counters` keeps the heavy scan's counters under `heavyOutputs` (record-heartbeat.ts).
  const { heavyOutputs, ...counters } = h.counters as GatewayHeartbeatView["counters"] & { heavyOutputs?: HeartbeatBody["heavyOutputs"] };
  const failOpen = h.failOpen as GatewayHeartbeatView["failOpen"];
  return {
    status: now.getTime() - h.receivedAt.getTime() > staleAfterSeconds * 1000 ? "stale" : "alive",
    receivedAt: h.receivedAt.toISOString(),
    staleAfterSeconds,
    gatewayVersion: h.gatewayVersion,
    policyEtag: h.policyEtag,
    policyAgeSeconds: h.policyAgeSeconds,
    startedAt: h.startedAt.toISOString(),
    spool: h.spool as GatewayHeartbeatView["spool"],
    counters,
    failOpen,
    upstreams: h.upstreams as GatewayHeartbeatView["upstreams"],
    receivedSinceStart,
    heavyOutputs: heavyOutputsView(heavyOutputs, failOpen),
  };
}

/** Every gateway with its keys (public parts only), last seen time, event rate and latest heartbeat, by name. */
export async function findGateways() {
  const now = new Date();
  const [gateways, activity, received] = await Promise.all([
    db().gateway.findMany({ orderBy: { name: "asc" }, include: { apiKeys: { orderBy: { createdAt: "desc" } }, heartbeat: true } }),
    findGatewayActivity(),
    findReceivedSinceStart(),
  ]);
  return gateways.map((g) => ({
    id: g.id,
    name: g.name,
    description: g.description,
    ownerTeam: g.ownerTeam,
    lastSeenAt: g.lastSeenAt,
    createdAt: g.createdAt,
    eventsPerMinute: Math.round((activity.get(g.id)?.eventsPerMinute ?? 0) * 10) / 10,
    events24h: activity.get(g.id)?.events24h ?? 0,
    heartbeat: g.heartbeat ? heartbeatView(g.heartbeat, received.get(g.id) ?? 0, now) : null,
    keys: g.apiKeys.map(apiKeyView).map(({ gatewayId: _g, ...k }) => k),
  }));
}
