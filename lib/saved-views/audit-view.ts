import type { SavedViewView } from "./schema";

/** What the audit log keeps of a saved view (before/after of share, unshare, change and delete). */
export function auditView(v: SavedViewView) {
  return { page: v.page, name: v.name, query: v.query, shared: v.shared, owner: v.owner.email };
}
