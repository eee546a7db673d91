import "server-only";
import type { Prisma } from "../generated/prisma/client";
import { db } from "../db";
import { ApiError } from "../http/errors";
import { recordAudit, type AuditActor } from "../audit/record-audit";
import { publish } from "../realtime/publish";
import { periodOf } from "./budget-clock";
import { budgetAuditView, type BudgetView } from "./budget-view";
import { checkWebhookUrl } from "./check-webhook-url";
import { getBudget } from "./get-budget";
import { raiseBudgetAlerts, sendBudgetWebhooks, type BudgetWebhookNotice } from "./raise-budget-alerts";
import { UpdateBudgetBody, type UpdateBudgetInput } from "./schema";

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Claims, under the period row's lock, the thresholds the current spend has reached under the budget's
 * (new) limit that were not alerted yet this period — e.g. a limit lowered below what was spent.
 */
async function claimThresholds(tx: Prisma.TransactionClient, budgetId: string, periodStart: Date) {
  const rows = await tx.$queryRaw<{ id: string; alerted: number[]; before: number[] }[]>`
    WITH locked AS (
      SELECT id, coalesce(alerted_percents, '{}') AS alerted FROM budget_periods
      WHERE budget_id = ${budgetId}::uuid AND period_start = ${periodStart}
      FOR NO KEY UPDATE
    ),
    upd AS (
      UPDATE budget_periods bp
      SET alerted_percents = coalesce(bp.alerted_percents, '{}') || ARRAY(
        SELECT t FROM unnest(coalesce(b.thresholds, '{}')) AS t
        WHERE NOT (t = ANY(coalesce(bp.alerted_percents, '{}'))) AND bp.spent_usd * 100 >= t * b.limit_usd
        ORDER BY t)
      FROM locked l, budgets b
      WHERE bp.id = l.id AND b.id = bp.budget_id
      RETURNING bp.id, bp.alerted_percents
    )
    SELECT u.id, u.alerted_percents AS alerted, l.alerted AS before FROM upd u JOIN locked l ON l.id = u.id`;
  return rows.map((r) => ({ periodId: r.id, percents: r.alerted.filter((p) => !r.before.includes(p)) })).filter((c) => c.percents.length);
}

/**
 * Changes a budget (audited). The limit is read by every authorization's conditional update from the
 * budgets row itself, so a new limit applies to the very next authorization; a limit lowered below
 * what was already spent raises the thresholds it now passes, at once.
 */
export async function updateBudget(opts: { id: string; input: UpdateBudgetInput; actor: AuditActor }): Promise<BudgetView> {
  const input = UpdateBudgetBody.parse(opts.input);
  if (input.webhookUrl) await checkWebhookUrl(input.webhookUrl);
  const notices: BudgetWebhookNotice[] = [];
  let alerted = false;
  if (!UUID_RE.test(opts.id)) throw new ApiError("not_found", `No active budget with id ${opts.id}.`);
  await db().$transaction(async (tx) => {
    // Lock the row first, so the audit's before/after are exactly this change even when edits race.
    await tx.$executeRaw`SELECT 1 FROM budgets WHERE id = ${opts.id}::uuid FOR UPDATE`;
    const before = await tx.budget.findUnique({ where: { id: opts.id } });
    if (!before || before.archived) throw new ApiError("not_found", `No active budget with id ${opts.id}.`);
    const after = await tx.budget.update({
      where: { id: opts.id },
      data: {
        name: input.name,
        limitUsd: input.limitUsd,
        mode: input.mode,
        thresholds: input.thresholds,
        approvalAboveUsd: input.approvalAboveUsd,
        webhookUrl: input.webhookUrl,
        webhookSecret: input.webhookUrl === null ? null : input.webhookSecret,
      },
    });
    await recordAudit(tx, {
      actor: opts.actor,
      action: "budget.update",
      targetType: "budget",
      targetId: opts.id,
      before: budgetAuditView(before),
      after: budgetAuditView(after),
    });
    for (const crossing of await claimThresholds(tx, opts.id, periodOf(after.period, new Date()).start)) {
      notices.push(...(await raiseBudgetAlerts(tx, crossing)));
      alerted = true;
    }
  });
  if (alerted) publish("alerts");
  await sendBudgetWebhooks(notices);
  return getBudget(opts.id);
}
