// What the manager view computes from a budget's current period: how full it is, how fast it burns, where
// it will end, and when it would run out. Pure (display figures, so floats are fine here; the money of
// record stays exact decimals in Postgres).

const DAY_MS = 86_400_000;
/** Below this much elapsed time a rate is noise (one call in the first minute would forecast a fortune). */
const MIN_ELAPSED_MS = 3_600_000;

export interface BudgetUsageInput {
  limitUsd: number;
  spentUsd: number;
  reservedUsd: number;
  mode: "hard" | "soft";
  periodStart: Date;
  periodEnd: Date;
  now: Date;
}

export interface BudgetUsage {
  /** (spent + reserved) / limit, in percent (can pass 100 on a soft budget or after a settlement above the estimate). */
  usedPercent: number;
  spentPercent: number;
  remainingUsd: number;
  /** A hard budget with nothing left refuses every new authorization. */
  blocking: boolean;
  /** Period-to-date average spend per day. */
  burnRatePerDayUsd: number;
  /** Spent + reserved now, plus the burn rate over the rest of the period. */
  forecastUsd: number;
  /** When spent + reserved would reach the limit at the current burn rate, if before the period ends. */
  runOutAt: Date | null;
  forecastExceeds: boolean;
}

export function computeBudgetUsage(i: BudgetUsageInput): BudgetUsage {
  const used = i.spentUsd + i.reservedUsd;
  const now = Math.min(Math.max(i.now.getTime(), i.periodStart.getTime()), i.periodEnd.getTime());
  const elapsed = Math.max(now - i.periodStart.getTime(), MIN_ELAPSED_MS);
  const left = Math.max(i.periodEnd.getTime() - now, 0);
  const burnPerMs = i.spentUsd / elapsed;
  const forecastUsd = used + burnPerMs * left;
  let runOutAt: Date | null = null;
  if (i.limitUsd <= 0 || used >= i.limitUsd) runOutAt = new Date(now);
  else if (burnPerMs > 0) {
    const at = now + (i.limitUsd - used) / burnPerMs;
    if (at < i.periodEnd.getTime()) runOutAt = new Date(at);
  }
  return {
    usedPercent: percent(used, i.limitUsd),
    spentPercent: percent(i.spentUsd, i.limitUsd),
    remainingUsd: Math.max(i.limitUsd - used, 0),
    blocking: i.mode === "hard" && used >= i.limitUsd,
    burnRatePerDayUsd: burnPerMs * DAY_MS,
    forecastUsd,
    runOutAt,
    forecastExceeds: forecastUsd > i.limitUsd,
  };
}

function percent(part: number, whole: number): number {
  if (whole <= 0) return part > 0 ? 100 : 0;
  return (part / whole) * 100;
}

export interface DailySpendRow {
  day: string; // YYYY-MM-DD (local date in the budget time zone)
  /** null for days still to come. */
  spendUsd: number | null;
  cumulativeUsd: number | null;
}

/**
 * One row per day of `days` (missing days are 0, days after `today` empty), with the running total —
 * the rows of the daily spend chart. `perDay` is what the rollups gave, keyed by YYYY-MM-DD.
 */
export function toDailySpendRows(days: readonly string[], perDay: ReadonlyMap<string, number>, today?: string): DailySpendRow[] {
  let total = 0;
  return days.map((day) => {
    if (today !== undefined && day > today) return { day, spendUsd: null, cumulativeUsd: null };
    const spendUsd = perDay.get(day) ?? 0;
    total += spendUsd;
    return { day, spendUsd, cumulativeUsd: total };
  });
}

/** Which thresholds (percent of the limit) `spent` has reached that were not alerted yet, ascending. */
export function crossedThresholds(thresholds: readonly number[], alerted: readonly number[], spentUsd: number, limitUsd: number): number[] {
  return [...new Set(thresholds)]
    .filter((t) => !alerted.includes(t) && spentUsd * 100 >= t * limitUsd)
    .sort((a, b) => a - b);
}
