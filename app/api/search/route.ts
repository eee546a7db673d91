import { withSession } from "@/lib/http/route";
import { SearchQuery } from "@/lib/search/schema";
import { findPaletteHits } from "@/lib/search/find-palette-hits";

// GET /api/search?q= — the command palette's hits (pages, an event or approval by id, tools, users), by role
export const GET = withSession({ permission: "dashboard:read" }, async ({ query, user }) => ({
  hits: await findPaletteHits({ ...SearchQuery.parse(Object.fromEntries(query)), roles: user.roles, permissions: user.permissions }),
}));
