import "server-only";
import { z } from "zod";
import { db } from "../db";
import { ApiError } from "../http/errors";
import { recordAudit, type AuditActor } from "../audit/record-audit";
import { approvalRuleView } from "./approval-rule-view";

/** DELETE /api/approval-rules/{id}. Past approvals keep their terms; they lose the link to the rule. */
export async function deleteApprovalRule(opts: { id: string; actor: AuditActor }): Promise<void> {
  if (!z.uuid().safeParse(opts.id).success) throw new ApiError("not_found", `No approval rule ${opts.id}.`);
  await db().$transaction(async (tx) => {
    const before = await tx.approvalRule.findUnique({ where: { id: opts.id } });
    if (!before) throw new ApiError("not_found", `No approval rule ${opts.id}.`);
    await tx.approvalRule.delete({ where: { id: opts.id } });
    await recordAudit(tx, { actor: opts.actor, action: "approval_rule.delete", targetType: "approval_rule", targetId: opts.id, before: approvalRuleView(before) });
  });
}
