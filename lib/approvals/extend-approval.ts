import "server-only";
import { z } from "zod";
import { db } from "../db";
import { ApiError } from "../http/errors";
import { recordAudit, type AuditActor } from "../audit/record-audit";
import { publish } from "../realtime/publish";
import { notifyApprovalChange } from "./approval-changes";
import type { Reviewer } from "./decide-approval";
import { isAllowedReviewer } from "./is-allowed-reviewer";
import { ExtendApprovalBody, MAX_TIMEOUT_SECONDS } from "./schema";

/**
 * A reviewer gives a pending request more time, once, with a reason: its deadline moves `minutes` later (at
 * most 24 h from now). Only a request still pending, not yet past its deadline and never extended can be
 * extended (409 otherwise: an expired request stays expired); a request for a reviewer team only by that
 * team (or, once escalated, by the escalation team). The gateway's long-poll wakes
 * and answers with the new `expiresAt` (pg_notify at commit), and the expiry job and every read only expire
 * it at the new deadline. Audit-logged with the old and new deadlines.
 */
export async function extendApproval(opts: { id: string; reviewer: Reviewer; input: ExtendApprovalBody; actor: AuditActor }): Promise<{ id: string; status: "pending"; expiresAt: string }> {
  const input = ExtendApprovalBody.parse(opts.input);
  if (!z.uuid().safeParse(opts.id).success) throw new ApiError("not_found", `No approval ${opts.id}.`);
  const expiresAt = await db().$transaction(async (tx) => {
    const [a] = await tx.$queryRaw<{ status: string; expires_at: Date; reviewer_team: string | null; escalated_to: string | null; extended_at: Date | null }[]>`
      SELECT status::text AS status, expires_at, reviewer_team, escalated_to, extended_at FROM approvals WHERE id = ${opts.id}::uuid FOR UPDATE`;
    if (!a) throw new ApiError("not_found", `No approval ${opts.id}.`);
    if (a.status !== "pending") throw new ApiError("conflict", `This request was already decided (${a.status}).`);
    if (a.expires_at.getTime() <= Date.now()) throw new ApiError("conflict", "This request already reached its deadline.");
    if (a.extended_at) throw new ApiError("conflict", "This request was already extended once.");
    if (!isAllowedReviewer({ reviewerTeam: a.reviewer_team, escalatedTo: a.escalated_to }, opts.reviewer.team)) {
      throw new ApiError("forbidden", `Only reviewers of team ${a.reviewer_team} may extend this request.`);
    }
    const cap = Date.now() + MAX_TIMEOUT_SECONDS * 1000;
    const next = new Date(Math.min(a.expires_at.getTime() + input.minutes * 60_000, cap));
    if (next.getTime() <= a.expires_at.getTime()) throw new ApiError("conflict", "The deadline is already 24 hours away, the most it can be.");
    await tx.approval.update({ where: { id: opts.id }, data: { expiresAt: next, extendedAt: new Date(), extendReason: input.reason } });
    await recordAudit(tx, {
      actor: opts.actor,
      action: "approval.extend",
      targetType: "approval",
      targetId: opts.id,
      before: { expiresAt: a.expires_at.toISOString() },
      after: { expiresAt: next.toISOString(), minutes: input.minutes, reason: input.reason },
    });
    await notifyApprovalChange(tx, opts.id);
    return next;
  });
  publish("approvals", opts.id);
  return { id: opts.id, status: "pending", expiresAt: expiresAt.toISOString() };
}
