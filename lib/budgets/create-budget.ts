import "server-only";
import { db } from "../db";
import { ApiError } from "../http/errors";
import { recordAudit, type AuditActor } from "../audit/record-audit";
import { periodOf } from "./budget-clock";
import { budgetAuditView, budgetView, type BudgetView } from "./budget-view";
import { checkWebhookUrl } from "./check-webhook-url";
import { CreateBudgetBody, type CreateBudgetInput } from "./schema";

/** Creates a budget (audited). It applies to the very next authorization and settlement. */
export async function createBudget(opts: { input: CreateBudgetInput; actor: AuditActor }): Promise<BudgetView> {
  const input = CreateBudgetBody.parse(opts.input);
  let scopeLabel: string | null = input.scopeValue ?? null;
  if (input.scope === "gateway") {
    const gw = await db().gateway.findUnique({ where: { id: input.scopeValue! }, select: { name: true } });
    if (!gw) throw new ApiError("invalid_request", "No such gateway.", { issues: [{ path: "scopeValue", message: "no gateway with this id" }] });
    scopeLabel = gw.name;
  }
  await checkWebhookUrl(input.webhookUrl);
  const budget = await db().$transaction(async (tx) => {
    const b = await tx.budget.create({
      data: {
        name: input.name,
        scope: input.scope,
        scopeValue: input.scope === "global" ? null : input.scopeValue,
        period: input.period,
        limitUsd: input.limitUsd,
        mode: input.mode,
        thresholds: input.thresholds,
        approvalAboveUsd: input.approvalAboveUsd ?? null,
        webhookUrl: input.webhookUrl ?? null,
        webhookSecret: input.webhookSecret ?? null,
      },
    });
    await recordAudit(tx, { actor: opts.actor, action: "budget.create", targetType: "budget", targetId: b.id, after: budgetAuditView(b) });
    return b;
  });
  return budgetView(budget, null, periodOf(budget.period, new Date()), { scopeLabel });
}
