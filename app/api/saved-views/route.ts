import { withSession } from "@/lib/http/route";
import { CreateSavedViewBody, ListSavedViewsQuery } from "@/lib/saved-views/schema";
import { createSavedView } from "@/lib/saved-views/create-saved-view";
import { findSavedViews } from "@/lib/saved-views/find-saved-views";

// Saved views are open to every role; each view's page decides who may save, see and apply it
// (lib/saved-views/allowed-view-pages.ts: the page table in lib/auth/nav.ts).

// GET /api/saved-views?page=events|overview
export const GET = withSession({ permission: "dashboard:read" }, async ({ query, user }) => findSavedViews({ query: ListSavedViewsQuery.parse(Object.fromEntries(query)), user }));

// POST /api/saved-views
export const POST = withSession({ permission: "dashboard:read", body: CreateSavedViewBody }, async ({ body, user, actor }) => {
  const view = await createSavedView({ input: body, user, actor });
  return Response.json({ view }, { status: 201 });
});
