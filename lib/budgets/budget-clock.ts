import "server-only";
import { env } from "../env";
import { PERIOD_KINDS, assertTimeZone, periodBounds, type PeriodBounds, type PeriodKind } from "./period";

// The period a moment falls in, for each kind, in WARDEN_TIMEZONE. Hot paths (every authorization, every
// settled event) ask for the period of "now" or of a recent timestamp, so the last answer per kind is kept
// and reused while the moment stays inside it: the time-zone arithmetic runs once per period, not per call.

let zone: string | undefined;
const last = new Map<PeriodKind, PeriodBounds>();

export function budgetTimeZone(): string {
  if (zone === undefined) {
    const z = env().WARDEN_TIMEZONE;
    assertTimeZone(z);
    zone = z;
  }
  return zone;
}

export function periodOf(kind: PeriodKind, at: Date): PeriodBounds {
  const t = at.getTime();
  const cached = last.get(kind);
  if (cached && cached.start.getTime() <= t && t < cached.end.getTime()) return cached;
  const b = periodBounds(kind, at, budgetTimeZone());
  if (!cached || b.start.getTime() >= cached.start.getTime()) last.set(kind, b);
  return b;
}

/** The current period of every kind. */
export function currentPeriods(now = new Date()): Record<PeriodKind, PeriodBounds> {
  return Object.fromEntries(PERIOD_KINDS.map((k) => [k, periodOf(k, now)])) as Record<PeriodKind, PeriodBounds>;
}
