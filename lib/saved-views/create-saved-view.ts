import "server-only";
import { db } from "../db";
import { Prisma } from "../generated/prisma/client";
import type { CurrentUser } from "../auth/get-current-user";
import { recordAudit, type AuditActor } from "../audit/record-audit";
import { ApiError } from "../http/errors";
import { allowedViewPages } from "./allowed-view-pages";
import { auditView } from "./audit-view";
import { checkViewQuery } from "./check-view-query";
import { SAVED_VIEW_SELECT, savedViewView } from "./saved-view-view";
import { CreateSavedViewBody, MAX_VIEWS_PER_PAGE, type SavedViewView } from "./schema";

/** POST /api/saved-views: saves the caller's view of a page they may open; a shared one is audited. */
export async function createSavedView(opts: { input: CreateSavedViewBody; user: CurrentUser; actor: AuditActor }): Promise<SavedViewView> {
  const input = CreateSavedViewBody.parse(opts.input);
  if (!allowedViewPages({ roles: opts.user.roles }).includes(input.page)) {
    throw new ApiError("forbidden", `Your role cannot open the ${input.page} page, so it cannot keep views of it.`);
  }
  const checked = checkViewQuery({ page: input.page, query: input.query });
  if (checked.issues.length) throw new ApiError("invalid_request", "The view's query is not valid.", { issues: checked.issues });
  try {
    return await db().$transaction(async (tx) => {
      const count = await tx.savedView.count({ where: { ownerId: opts.user.id, page: input.page } });
      if (count >= MAX_VIEWS_PER_PAGE) throw new ApiError("conflict", `You already keep ${MAX_VIEWS_PER_PAGE} views of the ${input.page} page; delete one first.`);
      const row = await tx.savedView.create({
        data: { ownerId: opts.user.id, page: input.page, name: input.name, query: checked.query, shared: input.shared },
        select: SAVED_VIEW_SELECT,
      });
      const view = savedViewView(row, opts.user.id);
      if (view.shared) await recordAudit(tx, { actor: opts.actor, action: "saved_view.share", targetType: "saved_view", targetId: view.id, after: auditView(view) });
      return view;
    });
  } catch (err) {
    if (err instanceof Prisma.PrismaClientKnownRequestError && err.code === "P2002") {
      throw new ApiError("conflict", `You already have a view named “${input.name}” on the ${input.page} page.`, { issues: [{ path: "name", message: "is already used by another of your views of this page" }] });
    }
    throw err;
  }
}
