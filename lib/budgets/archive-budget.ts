import "server-only";
import { db } from "../db";
import { ApiError } from "../http/errors";
import { recordAudit, type AuditActor } from "../audit/record-audit";
import { budgetAuditView } from "./budget-view";

/**
 * Retires a budget (audited): it stops applying to new authorizations and settlements at once. Its rows
 * stay, so reservations already made on it still settle and its history remains readable.
 */
export async function archiveBudget(opts: { id: string; actor: AuditActor }): Promise<void> {
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(opts.id)) throw new ApiError("not_found", `No active budget with id ${opts.id}.`);
  await db().$transaction(async (tx) => {
    const before = await tx.budget.findUnique({ where: { id: opts.id } });
    const { count } = await tx.budget.updateMany({ where: { id: opts.id, archived: false }, data: { archived: true } });
    if (!before || count === 0) throw new ApiError("not_found", `No active budget with id ${opts.id}.`);
    await recordAudit(tx, {
      actor: opts.actor,
      action: "budget.archive",
      targetType: "budget",
      targetId: opts.id,
      before: budgetAuditView(before),
      after: budgetAuditView({ ...before, archived: true }),
    });
  });
}
