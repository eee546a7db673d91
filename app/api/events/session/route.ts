import { withSession } from "@/lib/http/route";
import { GetAgentSessionQuery } from "@/lib/events/session-schema";
import { findSessionEvents } from "@/lib/events/find-session-events";

// GET /api/events/session?session=&trace=&at=&event=
export const GET = withSession({ permission: "events:read" }, async ({ query }) => {
  const q = GetAgentSessionQuery.parse(Object.fromEntries(query));
  return findSessionEvents({ sessionId: q.session, traceId: q.trace, at: q.at ? new Date(q.at) : undefined });
});
