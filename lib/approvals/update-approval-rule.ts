import "server-only";
import { z } from "zod";
import { db } from "../db";
import { ApiError } from "../http/errors";
import { recordAudit, type AuditActor } from "../audit/record-audit";
import { checkWebhookTarget } from "../webhooks/check-webhook-target";
import { approvalRuleView, type ApprovalRuleView } from "./approval-rule-view";
import { generateWebhookSecret } from "./create-approval-rule";
import { UpdateApprovalRuleBody } from "./schema";

/**
 * PATCH /api/approval-rules/{id}. A new webhook URL (or `rotateWebhookSecret`) gets a new secret, returned
 * once. Requests already waiting keep the terms they were created with.
 */
export async function updateApprovalRule(opts: { id: string; input: UpdateApprovalRuleBody; actor: AuditActor }): Promise<{ rule: ApprovalRuleView; webhookSecret?: string }> {
  const { rotateWebhookSecret, ...input } = UpdateApprovalRuleBody.parse(opts.input);
  if (!z.uuid().safeParse(opts.id).success) throw new ApiError("not_found", `No approval rule ${opts.id}.`);
  await checkWebhookTarget({ url: input.webhookUrl, field: "webhookUrl" });
  return db().$transaction(async (tx) => {
    const before = await tx.approvalRule.findUnique({ where: { id: opts.id } });
    if (!before) throw new ApiError("not_found", `No approval rule ${opts.id}.`);
    const url = input.webhookUrl === undefined ? before.webhookUrl : input.webhookUrl;
    const newSecret = url && (rotateWebhookSecret || (input.webhookUrl && input.webhookUrl !== before.webhookUrl) || !before.webhookSecret);
    const webhookSecret = newSecret ? generateWebhookSecret() : undefined;
    const r = await tx.approvalRule.update({
      where: { id: opts.id },
      data: { ...input, ...(url ? (webhookSecret ? { webhookSecret } : {}) : { webhookSecret: null }) },
    });
    await recordAudit(tx, {
      actor: opts.actor,
      action: "approval_rule.update",
      targetType: "approval_rule",
      targetId: r.id,
      before: approvalRuleView(before),
      after: approvalRuleView(r),
    });
    return { rule: approvalRuleView(r), webhookSecret };
  });
}
