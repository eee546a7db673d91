import "server-only";
import { Prisma } from "../generated/prisma/client";
import { MINUTE, floorMinute, windowStart } from "./find-window-measures";
import { execute, rows, type Queryable } from "./sql";

// Per-user minute activity without reading raw events: rollup_user_day only holds per-day totals, so each
// run reads today's totals (one row per active user), subtracts what the previous run read (the cursor in
// anomaly_user_profiles), and adds the difference to anomaly_user_minute at the current minute. Windows are
// then sums over that small table. Each user's profile also keeps its daily peaks of calls and spend in the
// detector's windows: the baseline of "unusual traffic from one user" (sessions are bursty; a user's own
// busiest quarter-hour is the fair comparison, not an even spread of their day).

export interface UserPeak {
  /** UTC day, YYYY-MM-DD. */
  d: string;
  /** Most calls / spend in one short (3 min) and long (15 min) window that day. */
  c3: number;
  c15: number;
  s3: number;
  s15: number;
}

export interface UserActivity {
  userId: string;
  /** Aligned with the requested windows. */
  windows: { calls: number; errors: number; costUsd: number }[];
  /** Previous days' peaks (today's excluded), newest first. */
  history: UserPeak[];
}

const PEAK_DAYS = 15;
const KEEP_MINUTES = 120;
const PRUNE_EVERY_MINUTES = 10;

const round6 = (n: number) => Math.round(n * 1e6) / 1e6;

/** Three sums (calls, errors, spend) per window; the window bounds are parameters. */
function windowSums(froms: readonly Date[]): Prisma.Sql {
  return Prisma.join(
    froms.flatMap((from) => {
      const f = Prisma.sql`FILTER (WHERE bucket >= ${from})`;
      return [Prisma.sql`coalesce(sum(calls) ${f}, 0)::float8`, Prisma.sql`coalesce(sum(errors) ${f}, 0)::float8`, Prisma.sql`coalesce(sum(cost_usd) ${f}, 0)::float8`];
    }),
  );
}

/**
 * Updates the per-user minute activity for `now` and returns the windows of every user active in the
 * longest one. `initialize`: only move the cursors (first run, or after a long pause: the whole day so far
 * would otherwise land in this one minute).
 */
export async function trackUserActivity(
  q: Queryable,
  opts: { now: Date; windows: readonly number[]; shortWindow: number; longWindow: number; initialize: boolean },
): Promise<Map<string, UserActivity>> {
  const { now, windows } = opts;
  const today = now.toISOString().slice(0, 10);
  const bucket = new Date(floorMinute(now.getTime()));

  // 1. Today's totals − the cursors → this minute's activity; cursors move (one statement).
  const changed = await rows<{ u: string }>(
    q,
    Prisma.sql`
    WITH totals AS (
      SELECT user_id, sum(calls)::int AS c, sum(errors)::int AS e, sum(cost_usd) AS s
      FROM rollup_user_day WHERE day = ${today}::date GROUP BY user_id
    ), joined AS (
      SELECT t.user_id, t.c, t.e, t.s,
        CASE WHEN ${opts.initialize} THEN 0 ELSE greatest(0, t.c - CASE WHEN p.day = ${today}::date THEN p.calls ELSE 0 END) END AS dc,
        CASE WHEN ${opts.initialize} THEN 0 ELSE greatest(0, t.e - CASE WHEN p.day = ${today}::date THEN p.errors ELSE 0 END) END AS de,
        CASE WHEN ${opts.initialize} THEN 0 ELSE greatest(0, t.s - CASE WHEN p.day = ${today}::date THEN p.cost_usd ELSE 0 END) END AS ds
      FROM totals t LEFT JOIN anomaly_user_profiles p USING (user_id)
    ), minute AS (
      INSERT INTO anomaly_user_minute AS m (bucket, user_id, calls, errors, cost_usd)
      SELECT ${bucket}, user_id, dc, de, ds FROM joined WHERE dc > 0 OR de > 0 OR ds > 0
      ON CONFLICT (bucket, user_id) DO UPDATE SET calls = m.calls + excluded.calls, errors = m.errors + excluded.errors, cost_usd = m.cost_usd + excluded.cost_usd
      RETURNING 1
    ), cursors AS (
      INSERT INTO anomaly_user_profiles AS p (user_id, day, calls, errors, cost_usd, updated_at)
      SELECT user_id, ${today}::date, c, e, s, now() FROM joined
      ON CONFLICT (user_id) DO UPDATE SET day = excluded.day, calls = excluded.calls, errors = excluded.errors, cost_usd = excluded.cost_usd, updated_at = now()
      WHERE (p.day, p.calls, p.errors, p.cost_usd) IS DISTINCT FROM (excluded.day, excluded.calls, excluded.errors, excluded.cost_usd)
      RETURNING 1
    )
    SELECT user_id AS u FROM joined WHERE dc > 0 OR de > 0 OR ds > 0`,
  );
  if (Math.floor(bucket.getTime() / MINUTE) % PRUNE_EVERY_MINUTES === 0) {
    await execute(q, Prisma.sql`DELETE FROM anomaly_user_minute WHERE bucket < ${new Date(bucket.getTime() - KEEP_MINUTES * MINUTE)}`);
  }

  // 2. Windows of every user active in the longest one, with their peaks.
  const longest = Math.max(...windows);
  const active = await rows<{ u: string; v: number[]; peaks: UserPeak[] | null }>(
    q,
    Prisma.sql`
    WITH w AS (
      SELECT user_id, ARRAY[${windowSums(windows.map((w) => windowStart(now, w)))}] AS v
      FROM anomaly_user_minute WHERE bucket >= ${windowStart(now, longest)} AND bucket <= ${bucket}
      GROUP BY user_id
    )
    SELECT w.user_id AS u, w.v, p.peaks FROM w LEFT JOIN anomaly_user_profiles p USING (user_id)`,
  );

  // 3. Today's peaks of the users whose activity moved.
  const moved = new Set(changed.map((c) => c.u));
  const iShort = windows.indexOf(opts.shortWindow);
  const iLong = windows.indexOf(opts.longWindow);
  const out = new Map<string, UserActivity>();
  const updates = { u: [] as string[], p: [] as string[] };
  for (const r of active) {
    const v = r.v.map(Number);
    const win = windows.map((_, i) => ({ calls: v[i * 3], errors: v[i * 3 + 1], costUsd: v[i * 3 + 2] }));
    const peaks = r.peaks ?? [];
    out.set(r.u, { userId: r.u, windows: win, history: peaks.filter((p) => p.d < today).sort((a, b) => (a.d < b.d ? 1 : -1)) });
    if (!moved.has(r.u)) continue;
    const prev = peaks.find((p) => p.d === today) ?? { d: today, c3: 0, c15: 0, s3: 0, s15: 0 };
    const next: UserPeak = {
      d: today,
      c3: Math.max(prev.c3, win[iShort].calls),
      c15: Math.max(prev.c15, win[iLong].calls),
      s3: Math.max(prev.s3, round6(win[iShort].costUsd)),
      s15: Math.max(prev.s15, round6(win[iLong].costUsd)),
    };
    if (next.c3 === prev.c3 && next.c15 === prev.c15 && next.s3 === prev.s3 && next.s15 === prev.s15 && peaks.some((p) => p.d === today)) continue;
    const kept = [next, ...peaks.filter((p) => p.d !== today)].sort((a, b) => (a.d < b.d ? 1 : -1)).slice(0, PEAK_DAYS);
    updates.u.push(r.u);
    updates.p.push(JSON.stringify(kept));
  }
  if (updates.u.length) {
    await execute(
      q,
      Prisma.sql`
      UPDATE anomaly_user_profiles AS p SET peaks = x.p::jsonb
      FROM unnest(${updates.u}::text[], ${updates.p}::text[]) AS x(u, p) WHERE p.user_id = x.u`,
    );
  }
  return out;
}
