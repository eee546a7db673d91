import "server-only";
import { db } from "../db";
import { Prisma } from "../generated/prisma/client";
import { recordAudit } from "../audit/record-audit";
import { publish } from "../realtime/publish";
import { notifyReviewersLater } from "../notifications/notify-reviewers";

const BATCH = 200;
/** Requests without a rule (or a rule that does not say) warn at half their time. */
export const DEFAULT_WARN_AT_PERCENT = 50;

/**
 * Expiry handling (the approvals.expiry-notices job): a pending request that reached its rule's warning
 * point (`warnAtPercent` of the time between creation and deadline, half by default) warns its reviewers
 * once; one that reached `escalateAtPercent` under a rule with an `escalationTeam` is escalated once: that
 * team may decide it from then on, and hears of it. Each step is a conditional update (claimed once across
 * instances) with its audit entry; reviewers are told after commit. `now` and `ids` let tests run one
 * step on their own requests; the job passes neither.
 */
export async function sendExpiryNotices(opts: { now?: Date; ids?: string[] } = {}): Promise<{ warned: string[]; escalated: string[] }> {
  const now = opts.now ?? new Date();
  const only = opts.ids ? Prisma.sql`AND a.id = ANY(${opts.ids}::uuid[])` : Prisma.empty;
  const { warned, escalated } = await db().$transaction(async (tx) => {
    const warned = await tx.$queryRaw<{ id: string }[]>`
      UPDATE approvals SET warned_at = ${now}
      WHERE id IN (
        SELECT a.id FROM approvals a LEFT JOIN approval_rules r ON r.id = a.rule_id
        WHERE a.status = 'pending' AND a.warned_at IS NULL AND a.expires_at > ${now} ${only}
          AND COALESCE(r.warn_at_percent, ${DEFAULT_WARN_AT_PERCENT}) > 0
          AND a.created_at + (a.expires_at - a.created_at) * (COALESCE(r.warn_at_percent, ${DEFAULT_WARN_AT_PERCENT}) / 100.0) <= ${now}
        ORDER BY a.expires_at LIMIT ${BATCH} FOR UPDATE OF a SKIP LOCKED)
      RETURNING id::text`;
    const escalated = await tx.$queryRaw<{ id: string; team: string }[]>`
      UPDATE approvals AS x SET escalated_at = ${now}, escalated_to = r.escalation_team
      FROM approval_rules r
      WHERE r.id = x.rule_id AND x.id IN (
        SELECT a.id FROM approvals a JOIN approval_rules r2 ON r2.id = a.rule_id
        WHERE a.status = 'pending' AND a.escalated_at IS NULL AND a.expires_at > ${now} ${only}
          AND r2.escalation_team IS NOT NULL
          AND a.created_at + (a.expires_at - a.created_at) * (r2.escalate_at_percent / 100.0) <= ${now}
        ORDER BY a.expires_at LIMIT ${BATCH} FOR UPDATE OF a SKIP LOCKED)
      RETURNING x.id::text, r.escalation_team AS team`;
    for (const e of escalated) {
      await recordAudit(tx, { actor: { email: "system" }, action: "approval.escalate", targetType: "approval", targetId: e.id, after: { escalatedTo: e.team, at: now.toISOString() } });
    }
    return { warned, escalated };
  });
  // A request escalated in the same run as its warning hears only of the escalation.
  const escalatedIds = new Set(escalated.map((e) => e.id));
  await Promise.all([
    ...warned.filter((w) => !escalatedIds.has(w.id)).map((w) => notifyReviewersLater({ approvalId: w.id, kind: "warning" })),
    ...escalated.map((e) => notifyReviewersLater({ approvalId: e.id, kind: "escalation", team: e.team })),
  ]);
  for (const id of new Set([...warned.map((w) => w.id), ...escalatedIds])) publish("approvals", id);
  return { warned: warned.map((w) => w.id), escalated: escalated.map((e) => e.id) };
}
