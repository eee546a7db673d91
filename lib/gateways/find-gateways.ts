import "server-only";
import { db } from "../db";
import { Prisma } from "../generated/prisma/client";
import { apiKeyView } from "./api-key-view";

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

/** Every gateway with its keys (public parts only), last seen time and event rate, by name. */
export async function findGateways() {
  const [gateways, activity] = await Promise.all([
    db().gateway.findMany({ orderBy: { name: "asc" }, include: { apiKeys: { orderBy: { createdAt: "desc" } } } }),
    findGatewayActivity(),
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
    keys: g.apiKeys.map(apiKeyView).map(({ gatewayId: _g, ...k }) => k),
  }));
}
