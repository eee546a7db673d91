import { withSession } from "@/lib/http/route";
import { EventIdParams, GetEventQuery } from "@/lib/events/schema";
import { getEvent } from "@/lib/events/get-event";

// GET /api/events/{id}?ts=
export const GET = withSession({ permission: "events:read" }, async ({ params, query }) =>
  getEvent({ ...EventIdParams.parse(params), ...GetEventQuery.parse(Object.fromEntries(query)) }),
);
