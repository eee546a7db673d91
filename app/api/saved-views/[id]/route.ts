import { withSession } from "@/lib/http/route";
import { UpdateSavedViewBody } from "@/lib/saved-views/schema";
import { updateSavedView } from "@/lib/saved-views/update-saved-view";
import { deleteSavedView } from "@/lib/saved-views/delete-saved-view";

// PATCH /api/saved-views/{id} — the owner only: rename, replace the query, share or unshare.
export const PATCH = withSession({ permission: "dashboard:read", body: UpdateSavedViewBody }, async ({ body, user, actor, params }) => ({
  view: await updateSavedView({ id: params.id, input: body, user, actor }),
}));

// DELETE /api/saved-views/{id} — the owner, or saved_views:moderate (admin) for a shared view.
export const DELETE = withSession({ permission: "dashboard:read" }, async ({ user, actor, params }) => {
  await deleteSavedView({ id: params.id, user, actor });
  return { ok: true };
});
