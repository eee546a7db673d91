import "server-only";
import { z } from "zod";
import { db } from "../db";
import { ApiError } from "../http/errors";
import { recordAudit, type AuditActor } from "../audit/record-audit";
import { alertView, type AlertView } from "./alert-view";

/** POST /api/alerts/{id}/acknowledge: open → acknowledged, with an optional comment (audit-logged). */
export async function acknowledgeAlert(opts: { id: string; comment?: string; actor: AuditActor }): Promise<AlertView> {
  if (!z.uuid().safeParse(opts.id).success) throw new ApiError("not_found", `No alert ${opts.id}.`);
  return db().$transaction(async (tx) => {
    const now = new Date();
    const n = await tx.alert.updateMany({
      where: { id: opts.id, status: "open" },
      data: { status: "acknowledged", acknowledgedAt: now, acknowledgedBy: opts.actor.id ?? null },
    });
    const a = await tx.alert.findUnique({ where: { id: opts.id } });
    if (!a) throw new ApiError("not_found", `No alert ${opts.id}.`);
    if (n.count === 0) throw new ApiError("conflict", `The alert is already ${a.status}.`);
    await recordAudit(tx, {
      actor: opts.actor,
      action: "alert.acknowledge",
      targetType: "alert",
      targetId: a.id,
      before: { status: "open" },
      after: { status: "acknowledged", comment: opts.comment || undefined, title: a.title },
    });
    return alertView(a);
  });
}
