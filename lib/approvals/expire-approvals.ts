import "server-only";
import { db } from "../db";
import { Prisma } from "../generated/prisma/client";
import { recordAudit } from "../audit/record-audit";
import { publish } from "../realtime/publish";
import { notifyApprovalChange } from "./approval-changes";

const BATCH = 500;

/**
 * Turns pending approvals past their deadline into `expired` (which gateways treat as deny), with an audit
 * entry each and a wake-up for their long-polls. Runs every minute as a job, and on every read of an
 * approval or the queue, so nobody ever sees a pending request past its deadline. `ids` limits it to
 * those approvals. Rows being decided right now are skipped (the decision sees the deadline itself).
 */
export async function expireApprovals(opts: { ids?: string[] } = {}): Promise<string[]> {
  const only = opts.ids ? Prisma.sql`AND id = ANY(${opts.ids}::uuid[])` : Prisma.empty;
  const due = await db().$queryRaw<{ n: number }[]>`
    SELECT count(*)::int AS n FROM approvals WHERE status = 'pending' AND expires_at <= now() ${only}`;
  if (!due[0]?.n) return [];
  const expired = await db().$transaction(async (tx) => {
    const rows = await tx.$queryRaw<{ id: string; gateway_id: string; request_id: string; expires_at: Date }[]>`
      UPDATE approvals SET status = 'expired', decided_at = expires_at
      WHERE id IN (
        SELECT id FROM approvals WHERE status = 'pending' AND expires_at <= now() ${only}
        ORDER BY expires_at LIMIT ${BATCH} FOR UPDATE SKIP LOCKED)
      RETURNING id, gateway_id, request_id, expires_at`;
    for (const r of rows) {
      await recordAudit(tx, {
        actor: { email: "system" },
        action: "approval.expire",
        targetType: "approval",
        targetId: r.id,
        before: { status: "pending" },
        after: { status: "expired", gatewayId: r.gateway_id, requestId: r.request_id, expiresAt: r.expires_at },
      });
      await notifyApprovalChange(tx, r.id);
    }
    return rows.map((r) => r.id);
  });
  for (const id of expired) publish("approvals", id);
  return expired;
}
