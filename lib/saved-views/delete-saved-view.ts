import "server-only";
import { z } from "zod";
import { db } from "../db";
import type { CurrentUser } from "../auth/get-current-user";
import { recordAudit, type AuditActor } from "../audit/record-audit";
import { ApiError } from "../http/errors";
import { auditView } from "./audit-view";
import { SAVED_VIEW_SELECT, savedViewView } from "./saved-view-view";

/**
 * DELETE /api/saved-views/{id}: the owner deletes their view; a holder of saved_views:moderate (admin)
 * may also delete anyone's shared view. Anything else is "not found" (404). Deleting a shared view is audited.
 */
export async function deleteSavedView(opts: { id: string; user: CurrentUser; actor: AuditActor }): Promise<void> {
  if (!z.uuid().safeParse(opts.id).success) throw new ApiError("not_found", `No saved view ${opts.id} you may delete.`);
  const moderate = opts.user.permissions.includes("saved_views:moderate");
  const where = { id: opts.id, OR: [{ ownerId: opts.user.id }, ...(moderate ? [{ shared: true }] : [])] };
  await db().$transaction(async (tx) => {
    const row = await tx.savedView.findFirst({ where, select: SAVED_VIEW_SELECT });
    if (!row) throw new ApiError("not_found", `No saved view ${opts.id} you may delete.`);
    const { count } = await tx.savedView.deleteMany({ where: { ...where, id: row.id } });
    if (count === 0) throw new ApiError("not_found", `No saved view ${opts.id} you may delete.`);
    if (row.shared) await recordAudit(tx, { actor: opts.actor, action: "saved_view.delete", targetType: "saved_view", targetId: row.id, before: auditView(savedViewView(row, opts.user.id)) });
  });
}
