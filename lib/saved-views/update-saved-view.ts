import "server-only";
import { z } from "zod";
import { db } from "../db";
import { Prisma } from "../generated/prisma/client";
import type { CurrentUser } from "../auth/get-current-user";
import { recordAudit, type AuditActor } from "../audit/record-audit";
import { ApiError } from "../http/errors";
import { allowedViewPages } from "./allowed-view-pages";
import { auditView } from "./audit-view";
import { checkViewQuery } from "./check-view-query";
import { SAVED_VIEW_SELECT, savedViewView } from "./saved-view-view";
import { UpdateSavedViewBody, type SavedViewPage, type SavedViewView } from "./schema";

/**
 * PATCH /api/saved-views/{id}: the owner renames it, replaces its query, shares or unshares it. Someone
 * else's view is "not found" (404), shared or not. Sharing, unsharing and changing a shared view are audited.
 */
export async function updateSavedView(opts: { id: string; input: UpdateSavedViewBody; user: CurrentUser; actor: AuditActor }): Promise<SavedViewView> {
  const input = UpdateSavedViewBody.parse(opts.input);
  if (!z.uuid().safeParse(opts.id).success) throw new ApiError("not_found", `No saved view ${opts.id} of yours.`);
  try {
    return await db().$transaction(async (tx) => {
      const row = await tx.savedView.findFirst({ where: { id: opts.id, ownerId: opts.user.id }, select: SAVED_VIEW_SELECT });
      if (!row) throw new ApiError("not_found", `No saved view ${opts.id} of yours.`);
      const page = row.page as SavedViewPage;
      if (!allowedViewPages({ roles: opts.user.roles }).includes(page)) throw new ApiError("forbidden", `Your role cannot open the ${page} page.`);
      let query: Record<string, string> | undefined;
      if (input.query !== undefined) {
        const checked = checkViewQuery({ page, query: input.query });
        if (checked.issues.length) throw new ApiError("invalid_request", "The view's query is not valid.", { issues: checked.issues });
        query = checked.query;
      }
      const after = await tx.savedView.update({
        where: { id: row.id },
        data: { ...(input.name !== undefined ? { name: input.name } : {}), ...(query !== undefined ? { query } : {}), ...(input.shared !== undefined ? { shared: input.shared } : {}) },
        select: SAVED_VIEW_SELECT,
      });
      const before = savedViewView(row, opts.user.id);
      const view = savedViewView(after, opts.user.id);
      const action =
        before.shared !== view.shared
          ? view.shared
            ? "saved_view.share"
            : "saved_view.unshare"
          : view.shared && (before.name !== view.name || before.href !== view.href)
            ? "saved_view.update"
            : null;
      if (action) await recordAudit(tx, { actor: opts.actor, action, targetType: "saved_view", targetId: view.id, before: auditView(before), after: auditView(view) });
      return view;
    });
  } catch (err) {
    if (err instanceof Prisma.PrismaClientKnownRequestError && err.code === "P2002") {
      throw new ApiError("conflict", `You already have a view named “${input.name}” on this page.`, { issues: [{ path: "name", message: "is already used by another of your views of this page" }] });
    }
    throw err;
  }
}
