import "server-only";
import { Prisma } from "../generated/prisma/client";
import { rows as queryRows, type Queryable } from "./sql";

// Each active user's calls and errors over the previous 14 days (rollup_user_day): the usual error rate
// a user's current window is compared with. Cached per UTC day and process; only users not yet cached
// are read.

export interface UserHistory {
  calls: number;
  errors: number;
  days: number;
}

const HISTORY_DAYS = 14;
const g = globalThis as unknown as { __wardenUserHistory?: { day: string; users: Map<string, UserHistory> } };

export async function findUserHistory(q: Queryable, now: Date, userIds: readonly string[]): Promise<Map<string, UserHistory>> {
  const day = now.toISOString().slice(0, 10);
  if (g.__wardenUserHistory?.day !== day) g.__wardenUserHistory = { day, users: new Map() };
  const cache = g.__wardenUserHistory.users;
  const missing = userIds.filter((u) => !cache.has(u));
  if (missing.length) {
    const from = new Date(Date.parse(day) - HISTORY_DAYS * 86_400_000).toISOString().slice(0, 10);
    const rows = await queryRows<{ u: string; c: number; e: number; d: number }>(q, Prisma.sql`
      SELECT user_id AS u, sum(calls)::float8 AS c, sum(errors)::float8 AS e, count(DISTINCT day)::int AS d
      FROM rollup_user_day
      WHERE user_id = ANY(${missing}::text[]) AND day >= ${from}::date AND day < ${day}::date
      GROUP BY user_id`);
    for (const u of missing) cache.set(u, { calls: 0, errors: 0, days: 0 });
    for (const r of rows) cache.set(r.u, { calls: r.c, errors: r.e, days: r.d });
  }
  return new Map(userIds.map((u) => [u, cache.get(u)!]));
}

export function clearUserHistoryCache(): void {
  g.__wardenUserHistory = undefined;
}
