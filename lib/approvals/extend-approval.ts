import "server-only";
import { z } from "zod";
import { db } from "../db";
import { ApiError } from "../http/errors";
import { recordAudit, type AuditActor } from "../audit/record-audit";
import { publish } from "../realtime/publish";
import { notifyApprovalChange } from "./approval-changes";
import type { Reviewer } from "./decide-approval";
import { ExtendApprovalBody, MAX_TIMEOUT_SECONDS } from "./schema";

/**
 * A reviewer gives a pending request more time: its deadline moves `minutes` later (at most 24 h from now).
 * Only a request still pending and not yet past its deadline can be extended (409 otherwise: an expired
 * request stays expired); a request for a reviewer team only by that team. The gateway's long-poll wakes
 * and answers with the new `expiresAt` (pg_notify at commit), and the expiry job and every read only expire
 * it at the new deadline. Audit-logged with the old and new deadlines.
 */
export async function extendApproval(opts: { id: string; reviewer: Reviewer; input: ExtendApprovalBody; actor: AuditActor }): Promise<{ id: string; status: "pending"; expiresAt: string }> {
  const input = ExtendApprovalBody.parse(opts.input);
  if (!z.uuid().safeParse(opts.id).success) throw new ApiError("not_found", `No approval ${opts.id}.`);
  const expiresAt = await db().$transaction(async (tx) => {
    const [a] = await tx.$queryRaw<{ status: string; expires_at: Date; reviewer_team: string | null }[]>`
      SELECT status::text AS status, expires_at, reviewer_team FROM approvals WHERE id = ${opts.id}::uuid FOR UPDATE`;
    if (!a) throw new ApiError("not_found", `No approval ${opts.id}.`);
    if (a.status !== "pending") throw new ApiError("conflict", `This request was already decided (${a.status}).`);
    if (a.expires_at.getTime() <= Date.now()) throw new ApiError("conflict", "This request already reached its deadline.");
    if (a.reviewer_team && a.reviewer_team.trim().toLowerCase() !== (opts.reviewer.team ?? "").trim().toLowerCase()) {
      throw new ApiError("forbidden", `Only reviewers of team ${a.reviewer_team} may extend this request.`);
    }
    const cap = Date.now() + MAX_TIMEOUT_SECONDS * 1000;
    const next = new Date(Math.min(a.expires_at.getTime() + input.minutes * 60_000, cap));
    if (next.getTime() <= a.expires_at.getTime()) throw new ApiError("conflict", "The deadline is already 24 hours away, the most it can be.");
    await tx.approval.update({ where: { id: opts.id }, data: { expiresAt: next } });
    await recordAudit(tx, {
      actor: opts.actor,
      action: "approval.extend",
      targetType: "approval",
      targetId: opts.id,
      before: { expiresAt: a.expires_at.toISOString() },
      after: { expiresAt: next.toISOString(), minutes: input.minutes },
    });
    await notifyApprovalChange(tx, opts.id);
    return next;
  });
  publish("approvals", opts.id);
  return { id: opts.id, status: "pending", expiresAt: expiresAt.toISOString() };
}
