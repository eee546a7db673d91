import "server-only";
import { z } from "zod";
import { db } from "../db";
import type { Prisma } from "../generated/prisma/client";
import { ApiError } from "../http/errors";
import { recordAudit, type AuditActor } from "../audit/record-audit";
import { alertRuleView, type AlertRuleView } from "./alert-rule-view";
import { isRuleKind, RULE_CONFIGS, UpdateAlertRuleBody } from "./schema";

/** PATCH /api/alert-rules/{id}: rename, re-configure, change severity, enable, mute or snooze. */
export async function updateAlertRule(opts: { id: string; input: UpdateAlertRuleBody; actor: AuditActor }): Promise<AlertRuleView> {
  const input = UpdateAlertRuleBody.parse(opts.input);
  if (!z.uuid().safeParse(opts.id).success) throw new ApiError("not_found", `No alert rule ${opts.id}.`);
  return db().$transaction(async (tx) => {
    const before = await tx.alertRule.findUnique({ where: { id: opts.id } });
    if (!before) throw new ApiError("not_found", `No alert rule ${opts.id}.`);
    let config: Prisma.InputJsonValue | undefined;
    if (input.config !== undefined) {
      if (!isRuleKind(before.kind)) throw new ApiError("invalid_request", `Rules of kind ${before.kind} cannot be changed.`);
      const parsed = RULE_CONFIGS[before.kind].safeParse(input.config);
      if (!parsed.success) {
        throw new ApiError("invalid_request", "The rule's config is not valid.", {
          issues: parsed.error.issues.map((i) => ({ path: ["config", ...i.path].join("."), message: i.message })),
        });
      }
      config = parsed.data as Prisma.InputJsonValue;
    }
    const r = await tx.alertRule.update({
      where: { id: opts.id },
      data: {
        ...(input.name !== undefined ? { name: input.name } : {}),
        ...(input.severity !== undefined ? { severity: input.severity } : {}),
        ...(input.enabled !== undefined ? { enabled: input.enabled } : {}),
        ...(input.muted !== undefined ? { muted: input.muted } : {}),
        ...(input.snoozedUntil !== undefined ? { snoozedUntil: input.snoozedUntil ? new Date(input.snoozedUntil) : null } : {}),
        ...(config !== undefined ? { config } : {}),
      },
    });
    const view = alertRuleView(r);
    await recordAudit(tx, { actor: opts.actor, action: "alert_rule.update", targetType: "alert_rule", targetId: r.id, before: alertRuleView(before), after: view });
    return view;
  });
}
