import "server-only";
import { db } from "../db";
import type { CurrentUser } from "../auth/get-current-user";
import { ApiError } from "../http/errors";
import { allowedViewPages } from "./allowed-view-pages";
import { SAVED_VIEW_SELECT, savedViewView } from "./saved-view-view";
import { ListSavedViewsQuery, type SavedViewList } from "./schema";

/** Shared views listed at most (the caller's own are bounded by MAX_VIEWS_PER_PAGE per page). */
const MAX_SHARED = 500;

/** GET /api/saved-views: the caller's views and others' shared views, of the pages the caller may open. */
export async function findSavedViews(opts: { query: ListSavedViewsQuery; user: CurrentUser }): Promise<SavedViewList> {
  const { page } = ListSavedViewsQuery.parse(opts.query);
  const allowed = allowedViewPages({ roles: opts.user.roles });
  if (page && !allowed.includes(page)) throw new ApiError("forbidden", `Your role cannot open the ${page} page.`);
  const pages = page ? [page] : allowed;
  const [mine, shared] = await Promise.all([
    db().savedView.findMany({ where: { ownerId: opts.user.id, page: { in: pages } }, orderBy: [{ page: "asc" }, { name: "asc" }], select: SAVED_VIEW_SELECT }),
    db().savedView.findMany({
      where: { shared: true, page: { in: pages }, ownerId: { not: opts.user.id } },
      orderBy: [{ page: "asc" }, { name: "asc" }, { createdAt: "asc" }],
      take: MAX_SHARED,
      select: SAVED_VIEW_SELECT,
    }),
  ]);
  return { mine: mine.map((r) => savedViewView(r, opts.user.id)), shared: shared.map((r) => savedViewView(r, opts.user.id)) };
}
