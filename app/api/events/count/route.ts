import { withSession } from "@/lib/http/route";
import { CountEventsQuery } from "@/lib/events/schema";
import { countEvents } from "@/lib/events/count-events";

// GET /api/events/count?…the explorer's filters — exact from rollups where the filters allow, else counted or estimated
export const GET = withSession({ permission: "events:read" }, async ({ query }) => countEvents(CountEventsQuery.parse(Object.fromEntries(query))));
