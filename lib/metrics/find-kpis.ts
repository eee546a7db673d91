import "server-only";
import { Prisma } from "../generated/prisma/client";
import type { FilterKey, MetricsQuery, WindowInfo } from "./schema";
import { LATENCY_SUMS, filterConditions, ignoredFilters, queryRows, tableSql, timeColumn, timeRange, windowInfo } from "./rollup-sql";
import { latencyPercentile } from "./latency-buckets";
import { compare, errorRate, histogramOf, type Comparison } from "./series";
import type { RollupSource, TimeWindow } from "./time-window";
import { windowFor } from "./window-for";

export interface KpiTile extends Comparison {
  /** Filters this figure is NOT narrowed by. */
  ignoredFilters: FilterKey[];
}

export interface CountTile {
  value: number;
  ignoredFilters: FilterKey[];
}

export interface Kpis {
  window: WindowInfo;
  previous: { from: string; to: string };
  calls: KpiTile;
  errorRate: KpiTile;
  p95Ms: KpiTile;
  spendUsd: KpiTile;
  blocked: KpiTile;
  flagged: KpiTile;
  /** Point-in-time counts (no previous period). */
  pendingApprovals: CountTile;
  openAlerts: CountTile;
}

interface PeriodRow extends Record<string, unknown> {
  cur: boolean;
  calls: number;
  errors: number;
  blocked: number;
  flagged: number;
  cost: number;
}

/** Sums of the current window and the previous one in one scan (`cur` tells them apart). */
async function periodTotals(table: RollupSource, w: TimeWindow, q: MetricsQuery, withLatency: boolean) {
  const lat = withLatency ? Prisma.sql`, ${LATENCY_SUMS}` : Prisma.empty;
  const rows = await queryRows<PeriodRow>(Prisma.sql`
    SELECT ${timeColumn(table)} >= ${w.from.toISOString()}::timestamptz AS cur,
           sum(calls)::int8 AS calls, sum(errors)::int8 AS errors, sum(blocked)::int8 AS blocked,
           sum(flagged)::int8 AS flagged, sum(cost_usd)::float8 AS cost ${lat}
    FROM ${tableSql(table)}
    WHERE ${timeRange(table, w.prevFrom, w.to)}${filterConditions(table, q)}
    GROUP BY 1`);
  const empty: PeriodRow = { cur: false, calls: 0, errors: 0, blocked: 0, flagged: 0, cost: 0 };
  return { cur: rows.find((r) => r.cur) ?? { ...empty, cur: true }, prev: rows.find((r) => !r.cur) ?? empty };
}

/** The overview's KPI tiles: the window against the same length just before it. */
export async function findKpis(q: MetricsQuery): Promise<Kpis> {
  const w = windowFor(q, { userDay: true });
  const table = w.source;
  const lw = table === "user_day" ? windowFor(q, { userDay: false }) : w;
  const ignored = ignoredFilters(table, q);
  const latIgnored = ignoredFilters(lw.source, q);
  const [totals, latency, pending, alerts] = await Promise.all([
    periodTotals(table, w, q, table !== "user_day"),
    table === "user_day" ? periodTotals(lw.source, lw, q, true) : null,
    countPendingApprovals(q),
    queryRows<{ n: number }>(Prisma.sql`SELECT count(*)::int8 AS n FROM alerts WHERE status IN ('open', 'acknowledged')`),
  ]);
  const { cur, prev } = totals;
  const lat = latency ?? totals;
  const p95 = (r: PeriodRow) => latencyPercentile(histogramOf(r), 95);
  const tile = (a: number | null, b: number | null, ig = ignored): KpiTile => ({ ...compare(a, b), ignoredFilters: ig });
  return {
    window: windowInfo(w, ignored),
    previous: { from: w.prevFrom.toISOString(), to: w.prevTo.toISOString() },
    calls: tile(cur.calls, prev.calls),
    errorRate: tile(errorRate(cur.errors, cur.calls), errorRate(prev.errors, prev.calls)),
    p95Ms: tile(p95(lat.cur), p95(lat.prev), latIgnored),
    spendUsd: tile(cur.cost, prev.cost),
    blocked: tile(cur.blocked, prev.blocked),
    flagged: tile(cur.flagged, prev.flagged),
    pendingApprovals: { value: pending, ignoredFilters: [] },
    openAlerts: { value: Number(alerts[0]?.n ?? 0), ignoredFilters: (["gateway", "server", "tool", "team", "user"] as const).filter((k) => q[k] !== undefined) },
  };
}

async function countPendingApprovals(q: MetricsQuery): Promise<number> {
  const conds: Prisma.Sql[] = [Prisma.sql`status = 'pending'`];
  if (q.gateway) conds.push(Prisma.sql`gateway_id = ${q.gateway}::uuid`);
  if (q.server) conds.push(Prisma.sql`server = ${q.server}`);
  if (q.tool) conds.push(Prisma.sql`tool = ${q.tool}`);
  if (q.team) conds.push(Prisma.sql`team = ${q.team}`);
  if (q.user) conds.push(Prisma.sql`user_id = ${q.user}`);
  const rows = await queryRows<{ n: number }>(Prisma.sql`SELECT count(*)::int8 AS n FROM approvals WHERE ${Prisma.join(conds, " AND ")}`);
  return Number(rows[0]?.n ?? 0);
}
