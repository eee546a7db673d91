import "server-only";
import { z } from "zod";
import { db } from "../db";
import { ApiError } from "../http/errors";
import { recordAudit, type AuditActor } from "../audit/record-audit";
import { approvalRuleView } from "../approvals/approval-rule-view";
import { TX_OPTIONS } from "../gateways/tx-options";
import { setToolSetting } from "../policy/set-tool-setting";
import { escapeGlob } from "./escape-glob";
import { PutInventoryToolSettingsBody } from "./schema";

/**
 * PUT /api/inventory/tools/{id}/settings: the tool's cost per call, timeout and rate limit (the central
 * tool settings every gateway receives, lib/policy/set-tool-setting.ts) and "needs human approval", kept
 * as an approval rule for exactly this server/tool (created or deleted here; the gateway's approval stage
 * applies it). Each change audited.
 */
export async function setInventoryToolSettings(opts: { id: string; input: PutInventoryToolSettingsBody; actor: AuditActor }) {
  const input = PutInventoryToolSettingsBody.parse(opts.input);
  if (!z.uuid().safeParse(opts.id).success) throw new ApiError("not_found", `No tool ${opts.id}.`);
  const tool = await db().inventoryTool.findUnique({ where: { id: opts.id } });
  if (!tool) throw new ApiError("not_found", `No tool ${opts.id}.`);
  const setting = await setToolSetting({
    input: { server: tool.server, tool: tool.name, costPerCallUsd: input.costPerCallUsd, timeoutMs: input.timeoutMs, rateLimitPerMinute: input.rateLimitPerMinute },
    actor: opts.actor,
  });
  const needsApproval = await db().$transaction(async (tx) => {
    const t = await tx.inventoryTool.findUniqueOrThrow({ where: { id: tool.id } });
    const rule = t.approvalRuleId ? await tx.approvalRule.findUnique({ where: { id: t.approvalRuleId } }) : null;
    if (input.needsApproval && !rule) {
      const r = await tx.approvalRule.create({
        data: {
          name: `Needs approval: ${t.server}/${t.name}`,
          serverPattern: escapeGlob(t.server),
          toolPattern: escapeGlob(t.name),
          riskFlags: [],
          requiredApprovals: 1,
        },
      });
      await tx.inventoryTool.update({ where: { id: t.id }, data: { approvalRuleId: r.id } });
      await recordAudit(tx, { actor: opts.actor, action: "approval_rule.create", targetType: "approval_rule", targetId: r.id, after: approvalRuleView(r) });
    } else if (!input.needsApproval && rule) {
      await tx.approvalRule.delete({ where: { id: rule.id } });
      await tx.inventoryTool.update({ where: { id: t.id }, data: { approvalRuleId: null } });
      await recordAudit(tx, { actor: opts.actor, action: "approval_rule.delete", targetType: "approval_rule", targetId: rule.id, before: approvalRuleView(rule) });
    } else if (!input.needsApproval && t.approvalRuleId) {
      await tx.inventoryTool.update({ where: { id: t.id }, data: { approvalRuleId: null } });
    }
    return input.needsApproval;
  }, TX_OPTIONS);
  return { setting, needsApproval };
}
