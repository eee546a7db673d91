import { SAVED_VIEW_PAGE_HREFS, type SavedViewPage } from "./schema";

/** The URL applying a view navigates to: its page with exactly its query, keys in a stable order. Pure. */
export function savedViewHref(opts: { page: SavedViewPage; query: Record<string, string> }): string {
  const p = new URLSearchParams();
  for (const k of Object.keys(opts.query).sort()) p.set(k, opts.query[k]);
  const qs = p.toString();
  return qs ? `${SAVED_VIEW_PAGE_HREFS[opts.page]}?${qs}` : SAVED_VIEW_PAGE_HREFS[opts.page];
}
