import { withSession } from "@/lib/http/route";
import { ListEventsQuery } from "@/lib/events/schema";
import { findEvents } from "@/lib/events/find-events";

// GET /api/events?range&from&to&gateway&server&tool&team&user&status&flag&q&asOf&cursor&limit
export const GET = withSession({ permission: "events:read" }, async ({ query }) => findEvents(ListEventsQuery.parse(Object.fromEntries(query))));
