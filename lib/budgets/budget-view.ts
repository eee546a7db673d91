import type { Budget, BudgetPeriod } from "../generated/prisma/client";
import { budgetTimeZone } from "./budget-clock";
import { computeBudgetUsage, type BudgetUsage } from "./forecast";
import type { PeriodBounds } from "./period";
import { trimDecimal } from "./usd";

// The dashboard's JSON view of a budget with its current period: money as exact decimal strings, the
// usage figures (bar, burn rate, forecast) as display numbers. The webhook secret never leaves the server.
//
// What a budget counts: spend from the moment it was created. Its first period is therefore shorter than
// the others (it counts from `countingFrom`, not from the period's start): the headline, the burn rate
// and forecast (per day since counting began), the daily chart and the top spenders all start there, and
// the page says so, with what was spent earlier in the period and not counted.

export interface BudgetView {
  id: string;
  name: string;
  scope: Budget["scope"];
  scopeValue: string | null;
  /** A readable name for the scope value (the gateway's name for a gateway budget). */
  scopeLabel: string | null;
  period: Budget["period"];
  mode: Budget["mode"];
  limitUsd: string;
  thresholds: number[];
  approvalAboveUsd: string | null;
  webhookUrl: string | null;
  hasWebhookSecret: boolean;
  archived: boolean;
  createdAt: string;
  updatedAt: string;
  current: {
    periodStart: string;
    periodEnd: string;
    spentUsd: string;
    reservedUsd: string;
    alertedPercents: number[];
    /** When this period's counting began: its start, or the budget's creation when it was created mid-period. */
    countingFrom: string;
    /** The zone periods are cut in (WARDEN_TIMEZONE): the page labels period boundaries in it. */
    timeZone: string;
  };
  usage: Omit<BudgetUsage, "runOutAt"> & { runOutAt: string | null };
}

/** What the audit log keeps of a budget (before/after of a change). */
export function budgetAuditView(b: Budget) {
  return {
    name: b.name,
    scope: b.scope,
    scopeValue: b.scopeValue,
    period: b.period,
    mode: b.mode,
    limitUsd: trimDecimal(b.limitUsd.toString()),
    thresholds: b.thresholds ?? [],
    approvalAboveUsd: b.approvalAboveUsd === null ? null : trimDecimal(b.approvalAboveUsd.toString()),
    webhookUrl: b.webhookUrl,
    webhookSecretSet: Boolean(b.webhookSecret),
    archived: b.archived,
  };
}

/** A budget counts spend from its creation: the later of the period's start and the creation (to the minute, as spend is booked). */
export function countingStart(b: Pick<Budget, "createdAt">, bounds: PeriodBounds): Date {
  const created = new Date(Math.floor(b.createdAt.getTime() / 60_000) * 60_000);
  return created > bounds.start ? created : bounds.start;
}

export function budgetView(
  b: Budget,
  period: Pick<BudgetPeriod, "spentUsd" | "reservedUsd" | "alertedPercents"> | null,
  bounds: PeriodBounds,
  opts: { now?: Date; scopeLabel?: string | null } = {},
): BudgetView {
  const spent = period ? trimDecimal(period.spentUsd.toString()) : "0";
  const reserved = period ? trimDecimal(period.reservedUsd.toString()) : "0";
  const limit = trimDecimal(b.limitUsd.toString());
  const countingFrom = countingStart(b, bounds);
  const usage = computeBudgetUsage({
    limitUsd: Number(limit),
    spentUsd: Number(spent),
    reservedUsd: Number(reserved),
    mode: b.mode,
    periodStart: countingFrom,
    periodEnd: bounds.end,
    now: opts.now ?? new Date(),
  });
  return {
    id: b.id,
    name: b.name,
    scope: b.scope,
    scopeValue: b.scopeValue,
    scopeLabel: opts.scopeLabel ?? b.scopeValue,
    period: b.period,
    mode: b.mode,
    limitUsd: limit,
    thresholds: b.thresholds ?? [],
    approvalAboveUsd: b.approvalAboveUsd === null ? null : trimDecimal(b.approvalAboveUsd.toString()),
    webhookUrl: b.webhookUrl,
    hasWebhookSecret: Boolean(b.webhookSecret),
    archived: b.archived,
    createdAt: b.createdAt.toISOString(),
    updatedAt: b.updatedAt.toISOString(),
    current: {
      periodStart: bounds.start.toISOString(),
      periodEnd: bounds.end.toISOString(),
      spentUsd: spent,
      reservedUsd: reserved,
      alertedPercents: period?.alertedPercents ?? [],
      countingFrom: countingFrom.toISOString(),
      timeZone: budgetTimeZone(),
    },
    usage: { ...usage, runOutAt: usage.runOutAt?.toISOString() ?? null },
  };
}
