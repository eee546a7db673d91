import { withSession } from "@/lib/http/route";
import { EventId, GetEventQuery } from "@/lib/events/schema";
import { getEvent } from "@/lib/events/get-event";

// GET /api/events/{id}?ts=
export const GET = withSession({ permission: "events:read" }, async ({ params, query }) =>
  getEvent({ id: EventId.parse(params.id), ...GetEventQuery.parse(Object.fromEntries(query)) }),
);
