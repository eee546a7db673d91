import "server-only";
import { db } from "../db";
import type { Prisma } from "../generated/prisma/client";
import { recordAudit, type AuditActor } from "../audit/record-audit";
import { alertRuleView, type AlertRuleView } from "./alert-rule-view";
import { CreateAlertRuleBody } from "./schema";

/** POST /api/alert-rules */
export async function createAlertRule(opts: { input: CreateAlertRuleBody; actor: AuditActor }): Promise<AlertRuleView> {
  const input = CreateAlertRuleBody.parse(opts.input);
  return db().$transaction(async (tx) => {
    const r = await tx.alertRule.create({
      data: { name: input.name, kind: input.kind, severity: input.severity, enabled: input.enabled, config: input.config as Prisma.InputJsonValue },
    });
    const view = alertRuleView(r);
    await recordAudit(tx, { actor: opts.actor, action: "alert_rule.create", targetType: "alert_rule", targetId: r.id, after: view });
    return view;
  });
}
