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

/**
 * Spend per local day under a budget's scope: the current period's days (the last 14 days for a daily
 * budget, whose chart compares each day with the limit). Read from the rollups, never raw events: the
 * per-user daily rollup for a user budget (keyed by UTC day, so in another time zone its days are UTC
 * days), the hourly rollup, grouped by local day, for every other scope.
 */
export async function findBudgetDailySpend(b: { scope: BudgetScopeName; scopeValue: string | null; period: PeriodKind }, bounds: { start: Date; end: Date }): Promise<DailySpend> {
  const tz = budgetTimeZone();
  const from = b.period === "day" ? startOfLocalDay(localDate(new Date(bounds.start.getTime() - 13 * DAY_MS + DAY_MS / 2), tz), tz) : bounds.start;
  const to = bounds.end;
  const days = localDaysBetween(from, to, tz);
  let rows: { day: string; cost: number }[];
  let source: DailySpend["source"];
  if (b.scope === "user") {
    source = "rollup_user_day";
    rows = await db().$queryRaw<{ day: string; cost: number }[]>`
      SELECT day::text AS day, sum(cost_usd)::float8 AS cost
      FROM rollup_user_day
      WHERE day >= ${days[0]}::date AND day <= ${days[days.length - 1]}::date${scopeFilter(b.scope, b.scopeValue)}
      GROUP BY day`;
  } else {
    source = "rollup_hour";
    rows = await db().$queryRaw<{ day: string; cost: number }[]>`
      SELECT ((bucket AT TIME ZONE ${tz})::date)::text AS day, sum(cost_usd)::float8 AS cost
      FROM rollup_hour
      WHERE bucket >= ${from} AND bucket < ${to}${scopeFilter(b.scope, b.scopeValue)}
      GROUP BY 1`;
  }
  return { source, from: from.toISOString(), to: to.toISOString(), rows: toDailySpendRows(days, new Map(rows.map((r) => [r.day, r.cost])), isoDate(localDate(new Date(), tz))) };
}
