import "server-only";
import { savedViewHref } from "./saved-view-href";
import { viewRangeOf } from "./view-range-of";
import type { SavedViewPage, SavedViewView } from "./schema";

export interface SavedViewRow {
  id: string;
  ownerId: string;
  page: string;
  name: string;
  query: unknown;
  shared: boolean;
  createdAt: Date;
  updatedAt: Date;
  owner: { email: string; name: string | null };
}

export const SAVED_VIEW_SELECT = {
  id: true,
  ownerId: true,
  page: true,
  name: true,
  query: true,
  shared: true,
  createdAt: true,
  updatedAt: true,
  owner: { select: { email: true, name: true } },
} as const;

/** A saved_views row as the API shows it to `viewerId`. */
export function savedViewView(row: SavedViewRow, viewerId: string): SavedViewView {
  const page = row.page as SavedViewPage;
  const query = (row.query ?? {}) as Record<string, string>;
  return {
    id: row.id,
    page,
    name: row.name,
    query,
    href: savedViewHref({ page, query }),
    range: viewRangeOf(query),
    shared: row.shared,
    mine: row.ownerId === viewerId,
    owner: row.owner,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}
