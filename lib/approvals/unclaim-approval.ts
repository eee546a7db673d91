import "server-only";
import { z } from "zod";
import { db } from "../db";
import { ApiError } from "../http/errors";
import { recordAudit, type AuditActor } from "../audit/record-audit";
import { publish } from "../realtime/publish";
import { whyNot, type ApprovalClaimResult } from "./claim-approval";
import type { Reviewer } from "./decide-approval";

/**
 * A reviewer lets go of a request they claimed (only their own claim: 409 otherwise). Audited; screens
 * refresh after commit. A decided request's claim is already gone (trigger approvals_clear_claim_on_decision).
 */
export async function unclaimApproval(opts: { id: string; reviewer: Reviewer; actor: AuditActor }): Promise<ApprovalClaimResult> {
  if (!z.uuid().safeParse(opts.id).success) throw new ApiError("not_found", `No approval ${opts.id}.`);
  await db().$transaction(async (tx) => {
    const changed = await tx.$executeRaw`
      UPDATE approvals SET claimed_by_id = NULL, claimed_at = NULL
      WHERE id = ${opts.id}::uuid AND status = 'pending' AND claimed_by_id = ${opts.reviewer.id}::uuid`;
    if (changed !== 1) throw await whyNot(tx, opts.id, opts.reviewer);
    await recordAudit(tx, { actor: opts.actor, action: "approval.unclaim", targetType: "approval", targetId: opts.id, before: { claimedBy: opts.reviewer.email } });
  });
  publish("approvals", opts.id);
  return { id: opts.id, claim: null };
}
