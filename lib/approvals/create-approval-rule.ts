import "server-only";
import { randomBytes } from "node:crypto";
import { db } from "../db";
import { recordAudit, type AuditActor } from "../audit/record-audit";
import { checkWebhookTarget } from "../webhooks/check-webhook-target";
import { approvalRuleView, type ApprovalRuleView } from "./approval-rule-view";
import type { z } from "zod";
import { CreateApprovalRuleBody } from "./schema";

export function generateWebhookSecret(): string {
  return `whsec_${randomBytes(24).toString("base64url")}`;
}

/**
 * POST /api/approval-rules. The webhook URL must pass the webhook address policy (400 on `webhookUrl`); with
 * one a signing secret is generated and returned once.
 */
export async function createApprovalRule(opts: { input: z.input<typeof CreateApprovalRuleBody>; actor: AuditActor }): Promise<{ rule: ApprovalRuleView; webhookSecret?: string }> {
  const input = CreateApprovalRuleBody.parse(opts.input);
  await checkWebhookTarget({ url: input.webhookUrl, field: "webhookUrl" });
  const webhookSecret = input.webhookUrl ? generateWebhookSecret() : undefined;
  const rule = await db().$transaction(async (tx) => {
    const r = await tx.approvalRule.create({
      data: {
        name: input.name,
        enabled: input.enabled,
        priority: input.priority,
        gatewayPattern: input.gatewayPattern,
        serverPattern: input.serverPattern,
        toolPattern: input.toolPattern,
        minCostUsd: input.minCostUsd ?? null,
        riskFlags: input.riskFlags,
        requiredApprovals: input.requiredApprovals,
        timeoutSeconds: input.timeoutSeconds,
        requireCommentToApprove: input.requireCommentToApprove,
        reviewerTeam: input.reviewerTeam ?? null,
        webhookUrl: input.webhookUrl ?? null,
        webhookSecret: webhookSecret ?? null,
        humanEveryTime: input.humanEveryTime,
        warnAtPercent: input.warnAtPercent,
        escalationTeam: input.escalationTeam ?? null,
        escalateAtPercent: input.escalateAtPercent,
      },
    });
    await recordAudit(tx, { actor: opts.actor, action: "approval_rule.create", targetType: "approval_rule", targetId: r.id, after: approvalRuleView(r) });
    return r;
  });
  return { rule: approvalRuleView(rule), webhookSecret };
}
