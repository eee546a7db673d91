import "server-only";
import { z } from "zod";
import { db } from "../db";
import { ApiError } from "../http/errors";
import { recordAudit, type AuditActor } from "../audit/record-audit";
import { alertView, type AlertView } from "./alert-view";

/**
 * POST /api/alerts/{id}/resolve: open or acknowledged → resolved, with an optional comment (audit-logged).
 * Frees the condition's open key: if the condition is still there, the next detector run opens a new alert.
 */
export async function resolveAlert(opts: { id: string; comment?: string; actor: AuditActor }): Promise<AlertView> {
  if (!z.uuid().safeParse(opts.id).success) throw new ApiError("not_found", `No alert ${opts.id}.`);
  return db().$transaction(async (tx) => {
    const before = await tx.alert.findUnique({ where: { id: opts.id } });
    if (!before) throw new ApiError("not_found", `No alert ${opts.id}.`);
    const n = await tx.alert.updateMany({
      where: { id: opts.id, status: { in: ["open", "acknowledged"] } },
      data: { status: "resolved", openKey: null, resolvedAt: new Date() },
    });
    if (n.count === 0) throw new ApiError("conflict", "The alert is already resolved.");
    const a = await tx.alert.findUniqueOrThrow({ where: { id: opts.id } });
    await recordAudit(tx, {
      actor: opts.actor,
      action: "alert.resolve",
      targetType: "alert",
      targetId: a.id,
      before: { status: before.status },
      after: { status: "resolved", comment: opts.comment || undefined, title: a.title },
    });
    return alertView(a);
  });
}
