import "server-only";
import { z } from "zod";
import { db } from "../db";
import { ApiError } from "../http/errors";
import { recordAudit, type AuditActor } from "../audit/record-audit";
import { alertRuleView } from "./alert-rule-view";

/** DELETE /api/alert-rules/{id}: its open alerts resolve themselves at the next detector run. */
export async function deleteAlertRule(opts: { id: string; actor: AuditActor }): Promise<void> {
  if (!z.uuid().safeParse(opts.id).success) throw new ApiError("not_found", `No alert rule ${opts.id}.`);
  await db().$transaction(async (tx) => {
    const before = await tx.alertRule.findUnique({ where: { id: opts.id } });
    if (!before) throw new ApiError("not_found", `No alert rule ${opts.id}.`);
    await tx.alertRule.delete({ where: { id: opts.id } });
    await recordAudit(tx, { actor: opts.actor, action: "alert_rule.delete", targetType: "alert_rule", targetId: opts.id, before: alertRuleView(before) });
  });
}
