import "server-only";
import { Prisma } from "../generated/prisma/client";
import { db } from "../db";
import { budgetTimeZone } from "./budget-clock";
import { toDailySpendRows, type DailySpendRow } from "./forecast";
import { isoDate, localDate, localDaysBetween, startOfLocalDay, type PeriodKind } from "./period";
import type { BudgetScopeName } from "./schema";

export interface DailySpend {
  /** The rollup the figures come from: per-user daily (UTC days) for a user budget, hourly otherwise. */
  source: "rollup_user_day" | "rollup_hour";
  from: string;
  to: string;
  rows: DailySpendRow[];
  /** Spend under the scope in this period before the budget began counting (it was created mid-period): not counted. */
  uncountedUsd: number;
}

const DAY_MS = 86_400_000;

/** The scope's condition on a rollup table (fixed column names; the value is a parameter). */
function scopeFilter(scope: BudgetScopeName, value: string | null): Prisma.Sql {
  if (scope === "global" || value === null) return Prisma.empty;
  if (scope === "team") return Prisma.sql` AND team = ${value}`;
  if (scope === "gateway") return Prisma.sql` AND gateway_id = ${value}::uuid`;
  if (scope === "server") return Prisma.sql` AND server = ${value}`;
  if (scope === "tool") return Prisma.sql` AND tool = ${value}`;
  return Prisma.sql` AND user_id = ${value}`;
}

const HOUR_MS = 3_600_000;

/**
 * Spend per local day under a budget's scope, counted from `countingFrom` (the budget counts spend from its
 * creation; earlier spend of the period is summed apart as `uncountedUsd`): the current period's days (the last 14 days for a daily
 * budget, whose chart compares each day with the limit). Read from the rollups, never raw events: the
 * per-user daily rollup for a user budget (keyed by UTC day, so in another time zone its days are UTC
 * days), the hourly rollup, grouped by local day, for every other scope.
 */
export async function findBudgetDailySpend(
  b: { scope: BudgetScopeName; scopeValue: string | null; period: PeriodKind },
  bounds: { start: Date; end: Date; countingFrom?: Date },
): Promise<DailySpend> {
  const countingFrom = bounds.countingFrom ?? bounds.start;
  const tz = budgetTimeZone();
  const from = b.period === "day" ? startOfLocalDay(localDate(new Date(bounds.start.getTime() - 13 * DAY_MS + DAY_MS / 2), tz), tz) : bounds.start;
  const to = bounds.end;
  const days = localDaysBetween(from, to, tz);
  let rows: { day: string; counted: boolean; cost: number }[];
  let source: DailySpend["source"];
  if (b.scope === "user") {
    // Whole UTC days: the creation day counts from its start (the rollup knows no hours).
    source = "rollup_user_day";
    const firstCounted = countingFrom.toISOString().slice(0, 10);
    rows = await db().$queryRaw<{ day: string; counted: boolean; cost: number }[]>`
      SELECT day::text AS day, day >= ${firstCounted}::date AS counted, sum(cost_usd)::float8 AS cost
      FROM rollup_user_day
      WHERE day >= ${days[0]}::date AND day <= ${days[days.length - 1]}::date${scopeFilter(b.scope, b.scopeValue)}
      GROUP BY 1, 2`;
  } else {
    // Hours from the hourly rollup, except the hour the counting began in, taken from the minute rollup
    // so the split at the creation minute is exact.
    source = "rollup_hour";
    const splitHour = new Date(Math.floor(countingFrom.getTime() / HOUR_MS) * HOUR_MS);
    const splitEnd = new Date(splitHour.getTime() + HOUR_MS);
    rows = await db().$queryRaw<{ day: string; counted: boolean; cost: number }[]>`
      SELECT ((bucket AT TIME ZONE ${tz})::date)::text AS day, bucket >= ${countingFrom} AS counted, sum(cost_usd)::float8 AS cost
      FROM (
        SELECT bucket, cost_usd FROM rollup_hour
        WHERE bucket >= ${from} AND bucket < ${to} AND bucket <> ${splitHour}${scopeFilter(b.scope, b.scopeValue)}
        UNION ALL
        SELECT bucket, cost_usd FROM rollup_minute
        WHERE bucket >= ${splitHour} AND bucket < ${splitEnd} AND bucket >= ${from} AND bucket < ${to}${scopeFilter(b.scope, b.scopeValue)}
      ) s
      GROUP BY 1, 2`;
  }
  const counted = new Map<string, number>();
  let uncountedUsd = 0;
  for (const r of rows) {
    if (r.counted) counted.set(r.day, (counted.get(r.day) ?? 0) + r.cost);
    else if (r.day >= isoDate(localDate(bounds.start, tz))) uncountedUsd += r.cost;
  }
  return { source, from: from.toISOString(), to: to.toISOString(), rows: toDailySpendRows(days, counted, isoDate(localDate(new Date(), tz))), uncountedUsd };
}
