import "server-only";
import { Prisma } from "../generated/prisma/client";
import { env } from "../env";
import { queryRows } from "../metrics/rollup-sql";
import { eventConditions, eventRange } from "./event-conditions";
import type { EventCount, EventsFilter } from "./schema";

/** Above this many matches a filter the hour rollup cannot apply is estimated instead of counted. */
export const COUNT_CAP = 10_000;

const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;

/** The filters the hour rollup is keyed by (status through its per-status columns). */
type RollupFilter = Pick<EventsFilter, "gateway" | "server" | "tool" | "team" | "status">;

const STATUS_SUM: Record<string, Prisma.Sql> = {
  ok: Prisma.sql`calls - errors - blocked - timeouts - denied`,
  error: Prisma.sql`errors`,
  blocked: Prisma.sql`blocked`,
  timeout: Prisma.sql`timeouts`,
  denied: Prisma.sql`denied`,
};

/**
 * How many events match the explorer's filters.
 * - Filters the hour rollup can apply (range, gateway, server, tool, team, status): exact — whole hours
 *   from `rollup_hour`, the partial hours at either end counted from events (at most two hours of rows).
 * - Otherwise counted row by row up to COUNT_CAP (exact below it).
 * - Beyond the cap, estimated: the newest COUNT_CAP+1 matches span [t, to); the share they are of what the
 *   rollup counts for the rollup-servable part of the filter in [t, to) is assumed for the whole range
 *   (a ratio estimate that follows the traffic's daily rhythm). Shown as "about".
 * The range starts no earlier than the oldest day retention keeps (rollups outlive raw events).
 */
export async function countEvents(q: EventsFilter, now = new Date()): Promise<EventCount> {
  const asked = eventRange(q, now);
  const keptFrom = new Date(Math.floor(now.getTime() / DAY_MS) * DAY_MS - env().WARDEN_RETENTION_DAYS * DAY_MS);
  const range = { from: asked.from < keptFrom ? keptFrom : asked.from, to: asked.to };
  if (range.to <= range.from) return { total: 0, exact: true, method: "rollup" };
  const base: RollupFilter = { gateway: q.gateway, server: q.server, tool: q.tool, team: q.team, status: q.status };
  if (!q.user && !q.flag && !q.q && !q.errorType) return { total: await countExactly(base, range, now), exact: true, method: "rollup" };

  const [capped] = await queryRows<{ n: number; oldest: Date | null }>(Prisma.sql`
    SELECT count(*)::int AS n, min(s.ts) AS oldest FROM (
      SELECT e.ts FROM events e WHERE ${eventConditions(q, range, now)} ORDER BY e.ts DESC, e.id DESC LIMIT ${COUNT_CAP + 1}
    ) s`);
  if (!capped || capped.n <= COUNT_CAP || !capped.oldest) return { total: capped?.n ?? 0, exact: true, method: "counted" };
  const [all, window] = await Promise.all([countExactly(base, range, now), countExactly(base, { from: capped.oldest, to: range.to }, now)]);
  const total = window > 0 ? Math.round((capped.n * all) / window) : capped.n;
  return { total: Math.max(total, capped.n), exact: false, method: "estimated" };
}

/** Exact count for rollup-servable filters: rollup_hour over the whole hours, events over the edges. */
async function countExactly(f: RollupFilter, range: { from: Date; to: Date }, now: Date): Promise<number> {
  const hFrom = new Date(Math.ceil(range.from.getTime() / HOUR_MS) * HOUR_MS);
  const hTo = new Date(Math.floor(range.to.getTime() / HOUR_MS) * HOUR_MS);
  const raw = (from: Date, to: Date) =>
    from < to
      ? queryRows<{ n: number }>(Prisma.sql`SELECT count(*)::int AS n FROM events e WHERE ${eventConditions({ ...f, range: "custom" }, { from, to }, now)}`)
      : Promise.resolve([{ n: 0 }]);
  if (hFrom >= hTo) return (await raw(range.from, range.to))[0]?.n ?? 0;
  const dims: Prisma.Sql[] = [];
  if (f.gateway) dims.push(Prisma.sql`gateway_id = ${f.gateway}::uuid`);
  if (f.server) dims.push(Prisma.sql`server = ${f.server}`);
  if (f.tool) dims.push(Prisma.sql`tool = ${f.tool}`);
  if (f.team) dims.push(Prisma.sql`team = ${f.team}`);
  const sum = f.status ? STATUS_SUM[f.status] : Prisma.sql`calls`;
  const [head, body, tail] = await Promise.all([
    raw(range.from, hFrom),
    queryRows<{ n: string | null }>(Prisma.sql`
      SELECT sum(${sum})::text AS n FROM rollup_hour
      WHERE bucket >= ${hFrom.toISOString()}::timestamptz AND bucket < ${hTo.toISOString()}::timestamptz
      ${dims.length ? Prisma.sql` AND ${Prisma.join(dims, " AND ")}` : Prisma.empty}`),
    raw(hTo, range.to),
  ]);
  return (head[0]?.n ?? 0) + Number(body[0]?.n ?? 0) + (tail[0]?.n ?? 0);
}
