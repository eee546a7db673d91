import { NAV_ITEMS, SUB_PAGES, canOpen } from "../auth/nav";
import { SAVED_VIEW_PAGE_HREFS, SAVED_VIEW_PAGES, type SavedViewPage } from "./schema";

/** The pages whose views these roles may save and see: those the page table (lib/auth/nav.ts) lets them open. */
export function allowedViewPages(opts: { roles: readonly string[] }): SavedViewPage[] {
  return SAVED_VIEW_PAGES.filter((page) => {
    const entry = [...NAV_ITEMS, ...SUB_PAGES].find((p) => p.href === SAVED_VIEW_PAGE_HREFS[page]);
    return entry !== undefined && canOpen(opts.roles, entry);
  });
}
