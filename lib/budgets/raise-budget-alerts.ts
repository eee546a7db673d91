import "server-only";
import type { Prisma } from "../generated/prisma/client";
import { raiseAlert } from "../alerts/raise-alert";
import { log } from "../log";
import { sendWebhook } from "../webhooks/send-webhook";
import { budgetTimeZone } from "./budget-clock";
import { isoDate, localDate } from "./period";
import { trimDecimal } from "./usd";

// A threshold crossing becomes one alert per (budget, period, threshold) — the crossing was claimed
// exactly once by the conditional update of budget_periods.alerted_percents — and one notification to
// the budget's own webhook (HMAC-signed by sendWebhook), sent after the alert's transaction commits.

export interface ThresholdCrossing {
  periodId: string;
  percents: number[];
}

export interface BudgetWebhookNotice {
  url: string;
  secret: string | null;
  body: Record<string, unknown>;
}

export const BUDGET_WEBHOOK_EVENT = "budget.threshold_crossed";

function severityOf(percent: number): "info" | "warning" | "critical" {
  return percent >= 100 ? "critical" : percent >= 80 ? "warning" : "info";
}

const ADJECTIVE = { day: "daily", week: "weekly", month: "monthly" } as const;

const money = (d: Prisma.Decimal | string) => `$${Number(trimDecimal(d.toString())).toFixed(2)}`;

/** A period as people read it: its local dates in the budgets' time zone ("2026-12-01 – 2026-12-31, UTC"). */
function periodSpan(start: Date, end: Date): string {
  const tz = budgetTimeZone();
  const first = isoDate(localDate(start, tz));
  const last = isoDate(localDate(new Date(end.getTime() - 1), tz));
  return `${first === last ? first : `${first} – ${last}`}, ${tz}`;
}

/** Raises the alerts of one crossing inside `tx`; returns the webhook notices to send after commit. */
export async function raiseBudgetAlerts(tx: Prisma.TransactionClient, crossing: ThresholdCrossing): Promise<BudgetWebhookNotice[]> {
  const period = await tx.budgetPeriod.findUnique({ where: { id: crossing.periodId }, include: { budget: true } });
  if (!period) return [];
  const b = period.budget;
  const limit = trimDecimal(b.limitUsd.toString());
  const spent = trimDecimal(period.spentUsd.toString());
  const reserved = trimDecimal(period.reservedUsd.toString());
  const blocking = b.mode === "hard" && Number(spent) + Number(reserved) >= Number(limit);
  const subject = b.scope === "global" ? "all calls" : `${b.scope} ${b.scopeValue}`;
  const notices: BudgetWebhookNotice[] = [];
  for (const percent of [...crossing.percents].sort((x, y) => x - y)) {
    const exhausted = percent >= 100 && b.mode === "hard";
    const title = exhausted
      ? `Budget "${b.name}" is used up: new ${subject} calls are refused`
      : `Budget "${b.name}" reached ${percent} % of its ${ADJECTIVE[b.period]} limit`;
    const explanation =
      `${money(spent)} spent of ${money(limit)} (${b.mode} limit) for ${subject} this ${b.period} ` +
      `(${periodSpan(period.periodStart, period.periodEnd)}); ${money(reserved)} more is reserved by calls in flight.`;
    const details = {
      budgetId: b.id,
      budgetName: b.name,
      scope: b.scope,
      scopeValue: b.scopeValue,
      period: b.period,
      mode: b.mode,
      periodStart: period.periodStart.toISOString(),
      periodEnd: period.periodEnd.toISOString(),
      thresholdPercent: percent,
      limitUsd: limit,
      spentUsd: spent,
      reservedUsd: reserved,
      blocking,
    };
    const alert = await raiseAlert(tx, {
      dedupeKey: `budget:${b.id}:${period.periodStart.toISOString()}:${percent}`,
      source: "budget",
      kind: "budget_threshold",
      severity: severityOf(percent),
      subjectType: "budget",
      subjectValue: b.id,
      title,
      explanation,
      value: Number(limit) > 0 ? (Number(spent) / Number(limit)) * 100 : null,
      baseline: percent,
      details,
    });
    if (b.webhookUrl && alert.opened) {
      notices.push({
        url: b.webhookUrl,
        secret: b.webhookSecret,
        body: { type: BUDGET_WEBHOOK_EVENT, alertId: alert.id, title, at: new Date().toISOString(), ...details },
      });
    }
  }
  return notices;
}

/** Sends the notices (after commit). A failed delivery is logged; the alert in the dashboard stands. */
export async function sendBudgetWebhooks(notices: BudgetWebhookNotice[]): Promise<void> {
  for (const n of notices) {
    const result = await sendWebhook({ url: n.url, secret: n.secret, body: n.body, headers: { "X-Warden-Event": BUDGET_WEBHOOK_EVENT } });
    if (!result.ok) log.warn({ budgetId: n.body.budgetId, status: result.status, error: result.error }, "budget webhook not delivered");
  }
}
