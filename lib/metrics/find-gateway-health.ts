import "server-only";
import { Prisma } from "../generated/prisma/client";
import { queryRows } from "./rollup-sql";
import { errorRate, fillBuckets } from "./series";
import { judgeGatewayStaleness, type Staleness } from "../gateways/judge-gateway-staleness";

export interface GatewayHealth {
  id: string;
  name: string;
  /** Latest of the gateway's own last-seen time and its keys' last use. */
  lastSeenAt: string | null;
  /** Calls per minute over the last RATE_MINUTES minutes. */
  eventsPerMinute: number;
  /** errors / calls over the last RATE_MINUTES minutes. */
  errorRate: number | null;
  /** Calls per minute for the last SPARK_MINUTES minutes, oldest first. */
  sparkline: number[];
  /** Silent for longer than it may be (judgeGatewayStaleness: its heartbeats, else its own rhythm, else the threshold), or never seen. */
  stale: boolean;
  staleBasis: Staleness["basis"];
  allowedSilenceSeconds: number | null;
}

export interface GatewayHealthList {
  staleAfterSeconds: number;
  rateMinutes: number;
  generatedAt: string;
  gateways: GatewayHealth[];
}

export const RATE_MINUTES = 15;
export const SPARK_MINUTES = 60;
/** The traffic a gateway's rhythm is learned from. */
export const RHYTHM_DAYS = 7;

/** Per gateway: last seen, events/min, error rate, a one-hour sparkline, and whether it has gone silent. */
export async function findGatewayHealth(opts: { staleAfterSeconds: number; now?: Date }): Promise<GatewayHealthList> {
  const now = opts.now ?? new Date();
  const minute = Math.floor(now.getTime() / 60_000) * 60_000;
  const sparkFrom = new Date(minute - (SPARK_MINUTES - 1) * 60_000);
  const rateFrom = new Date(minute - (RATE_MINUTES - 1) * 60_000);
  const [gateways, rows, heartbeats, rhythms] = await Promise.all([
    queryRows<{ id: string; name: string; last_seen_at: Date | null }>(Prisma.sql`
      SELECT g.id::text AS id, g.name, greatest(g.last_seen_at, max(k.last_used_at)) AS last_seen_at
      FROM gateways g LEFT JOIN api_keys k ON k.gateway_id = g.id
      GROUP BY g.id ORDER BY g.name`),
    queryRows<{ gateway_id: string; t: Date; calls: number; errors: number }>(Prisma.sql`
      SELECT gateway_id::text AS gateway_id, bucket AS t, sum(calls)::int8 AS calls, sum(errors)::int8 AS errors
      FROM rollup_minute
      WHERE bucket >= ${sparkFrom.toISOString()}::timestamptz AND bucket < ${new Date(minute + 60_000).toISOString()}::timestamptz
      GROUP BY 1, 2`),
    queryRows<{ gateway_id: string; received_at: Date; interval_seconds: number }>(Prisma.sql`
      SELECT gateway_id::text AS gateway_id, received_at, interval_seconds FROM gateway_heartbeats`),
    // Gaps between consecutive active minutes of each gateway over RHYTHM_DAYS, and their 99th percentile.
    queryRows<{ gateway_id: string; gaps: number; p99: number | null }>(Prisma.sql`
      SELECT gateway_id, count(*)::int AS gaps, percentile_cont(0.99) WITHIN GROUP (ORDER BY gap)::float8 AS p99
      FROM (
        SELECT gateway_id, extract(epoch FROM bucket - lag(bucket) OVER (PARTITION BY gateway_id ORDER BY bucket)) AS gap
        FROM (SELECT DISTINCT gateway_id::text AS gateway_id, bucket FROM rollup_minute
              WHERE bucket >= ${new Date(minute - RHYTHM_DAYS * 86_400_000).toISOString()}::timestamptz AND calls > 0) a
      ) g
      WHERE gap IS NOT NULL
      GROUP BY gateway_id`),
  ]);
  const heartbeatOf = new Map(heartbeats.map((h) => [h.gateway_id, { receivedAt: new Date(h.received_at), intervalSeconds: h.interval_seconds }]));
  const rhythmOf = new Map(rhythms.map((r) => [r.gateway_id, { gaps: r.gaps, p99GapSeconds: r.p99 }]));
  const buckets = Array.from({ length: SPARK_MINUTES }, (_, i) => new Date(sparkFrom.getTime() + i * 60_000));
  const byGateway = new Map<string, typeof rows>();
  for (const r of rows) {
    const list = byGateway.get(r.gateway_id) ?? [];
    list.push(r);
    byGateway.set(r.gateway_id, list);
  }
  return {
    staleAfterSeconds: opts.staleAfterSeconds,
    rateMinutes: RATE_MINUTES,
    generatedAt: now.toISOString(),
    gateways: gateways.map((g) => {
      const own = byGateway.get(g.id) ?? [];
      const recent = own.filter((r) => new Date(r.t).getTime() >= rateFrom.getTime());
      const calls = recent.reduce((a, r) => a + r.calls, 0);
      const errors = recent.reduce((a, r) => a + r.errors, 0);
      const lastSeen = g.last_seen_at ? new Date(g.last_seen_at) : null;
      const staleness = judgeGatewayStaleness({ now, lastSeenAt: lastSeen, heartbeat: heartbeatOf.get(g.id) ?? null, rhythm: rhythmOf.get(g.id) ?? null, fallbackSeconds: opts.staleAfterSeconds });
      return {
        id: g.id,
        name: g.name,
        lastSeenAt: lastSeen?.toISOString() ?? null,
        eventsPerMinute: calls / RATE_MINUTES,
        errorRate: errorRate(errors, calls),
        sparkline: fillBuckets(buckets, own, (r) => r.calls, () => 0).map((p) => p.value),
        stale: staleness.stale,
        staleBasis: staleness.basis,
        allowedSilenceSeconds: staleness.allowedSilenceSeconds,
      };
    }),
  };
}
