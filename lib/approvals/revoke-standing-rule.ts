import "server-only";
import { z } from "zod";
import { db } from "../db";
import { ApiError } from "../http/errors";
import { recordAudit, type AuditActor } from "../audit/record-audit";
import { publish } from "../realtime/publish";
import { standingRuleView, type StandingRuleView } from "./standing-rule-view";

/** Who may revoke a standing rule: its author (still a reviewer), or anyone who may edit approval rules. */
export function mayRevokeStandingRule(rule: { createdById: string }, user: { id: string; permissions: readonly string[] }): boolean {
  return user.permissions.includes("approval_rules:write") || (rule.createdById === user.id && user.permissions.includes("approvals:decide"));
}

/**
 * POST /api/standing-rules/{id}/revoke: the rule stops at once (the row lock serialises it with a request the
 * rule is approving right now: that one is approved before, every later one is not). Audited.
 */
export async function revokeStandingRule(opts: { id: string; user: { id: string; email: string; permissions: readonly string[] }; actor: AuditActor }): Promise<StandingRuleView> {
  if (!z.uuid().safeParse(opts.id).success) throw new ApiError("not_found", `No standing rule ${opts.id}.`);
  const rule = await db().$transaction(async (tx) => {
    const [locked] = await tx.$queryRaw<{ id: string }[]>`SELECT id FROM standing_rules WHERE id = ${opts.id}::uuid FOR UPDATE`;
    const before = locked ? await tx.standingRule.findUnique({ where: { id: opts.id } }) : null;
    if (!before) throw new ApiError("not_found", `No standing rule ${opts.id}.`);
    if (!mayRevokeStandingRule(before, opts.user)) throw new ApiError("forbidden", "Only its author or an approval-rules editor may revoke this standing rule.");
    if (before.revokedAt) throw new ApiError("conflict", "This standing rule was already revoked.");
    const r = await tx.standingRule.update({ where: { id: opts.id }, data: { revokedAt: new Date(), revokedById: opts.user.id, revokedByEmail: opts.user.email } });
    await recordAudit(tx, { actor: opts.actor, action: "standing_rule.revoke", targetType: "standing_rule", targetId: r.id, before: standingRuleView(before), after: standingRuleView(r) });
    return r;
  });
  publish("approvals", rule.id);
  return standingRuleView(rule);
}
