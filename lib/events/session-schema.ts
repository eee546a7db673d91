import { z } from "zod";
import type { EventDecision } from "../ingest/schema";
import type { EventSummary } from "./schema";

// The agent-session view: the events that share an MCP session id or a trace id (app/api/events/session).

/** How far before and after the anchor time a session is read (each side), and how many calls per side. */
export const SESSION_WINDOW_DAYS = 7;
export const SESSION_SIDE_LIMIT = 250;

const Key = (what: string) => z.string().trim().min(1, `must be a ${what}`).max(200);

// GET /api/events/session?session=&trace=&at=&event=
export const GetAgentSessionQuery = z
  .object({
    /** The MCP session id (`sessionId` of the events). */
    session: Key("session id").optional(),
    /** The trace id (`traceId` of the events; W3C: 32 hex digits, but any gateway's string is accepted). */
    trace: Key("trace id").optional(),
    /** The time to read around (the anchor event's time); default now. */
    at: z.iso.datetime({ offset: true }).optional(),
    /** The event the analyst came from: marked on the timeline. */
    event: z.uuid("must be an event id").optional(),
  })
  .refine((q) => q.session !== undefined || q.trace !== undefined, { path: ["session"], message: "give a session id or a trace id (trace)" });
export type GetAgentSessionQuery = z.infer<typeof GetAgentSessionQuery>;

export interface SessionEvent extends EventSummary {
  agent: string | null;
  sessionId: string | null;
  traceId: string | null;
  decisions: EventDecision[] | null;
  approvalId: string | null;
  /** pending | approved | denied | expired | cancelled; null without an approval (or one past retention). */
  approvalStatus: string | null;
  /** How long the call waited for the reviewers (request to decision), when decided. */
  approvalWaitMs: number | null;
}

export interface AgentSession {
  sessionId: string | null;
  traceId: string | null;
  /** The time read around, and the window read. */
  at: string;
  from: string;
  to: string;
  /** Oldest first. */
  events: SessionEvent[];
  /** More calls exist before the first / after the last one shown (over SESSION_SIDE_LIMIT per side). */
  moreBefore: boolean;
  moreAfter: boolean;
}
