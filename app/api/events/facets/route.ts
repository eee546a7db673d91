import { withSession } from "@/lib/http/route";
import { EventFacetsQuery } from "@/lib/events/schema";
import { findEventFacets } from "@/lib/events/find-event-facets";

// GET /api/events/facets?…the explorer's filters&limit — counts by tool, server, status, error type, user, flag
export const GET = withSession({ permission: "events:read" }, async ({ query }) => findEventFacets(EventFacetsQuery.parse(Object.fromEntries(query))));
