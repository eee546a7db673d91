import { z } from "zod";
import type { EventDecision, IdentitySource } from "../ingest/schema";
import { MetricsQuery } from "../metrics/schema";

// Contracts of the events explorer API (session auth, app/api/events/**).

export const EVENT_STATUSES = ["ok", "error", "blocked", "timeout", "denied"] as const;
export type EventStatus = (typeof EVENT_STATUSES)[number];

/** The explorer's filters: the overview's range and filters plus status, risk flag, free text and a snapshot time. */
export const EventsFilter = MetricsQuery.extend({
  status: z.enum(EVENT_STATUSES).optional(),
  flag: z.string().trim().min(1).max(100).optional(),
  /** The derived error type (error-type.ts), as the explorer's column shows it. */
  errorType: z.string().trim().min(1).max(200).optional(),
  /** Free text, matched (case-insensitive, literally) against tool, server, user and error type. */
  q: z.string().trim().min(1).max(200).optional(),
  /** Only events received up to this time: keeps pages stable while new events arrive. */
  asOf: z.iso.datetime({ offset: true }).optional(),
});
export type EventsFilter = z.infer<typeof EventsFilter>;

// GET /api/events?…filters&cursor&limit
export const ListEventsQuery = EventsFilter.extend({
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export type ListEventsQuery = z.infer<typeof ListEventsQuery>;

// GET /api/events/export?format=csv|ndjson&…filters
export const ExportEventsQuery = EventsFilter.extend({ format: z.enum(["csv", "ndjson"]).default("csv") });
export type ExportEventsQuery = z.infer<typeof ExportEventsQuery>;

// GET /api/events/facets?…filters&limit
export const FACET_KEYS = ["tool", "server", "status", "errorType", "user", "flag"] as const;
export type FacetKey = (typeof FACET_KEYS)[number];
export const EventFacetsQuery = EventsFilter.extend({ limit: z.coerce.number().int().min(1).max(50).default(8) });
export type EventFacetsQuery = z.infer<typeof EventFacetsQuery>;
export interface FacetValue {
  /** null: events without a value (no error type). */
  value: string | null;
  count: number;
}
export interface EventFacets {
  facets: Record<FacetKey, FacetValue[]>;
  /** How many matching events the counts were taken from (at most `cap`). */
  scanned: number;
  /** true when more than `cap` events matched: the counts are of the newest `cap` of them. */
  sampled: boolean;
  cap: number;
}

// GET /api/events/count?…filters
export const CountEventsQuery = EventsFilter;
export interface EventCount {
  /** Exact, or an estimate when `exact` is false (shown as "about"). */
  total: number;
  exact: boolean;
  /** rollup: summed from the hour rollup (+ the raw edges); counted: counted row by row under a cap; estimated: rollup total × the matching share of the newest sample. */
  method: "rollup" | "counted" | "estimated";
}

// GET /api/events/{id}?ts=
export const GetEventQuery = z.object({ ts: z.iso.datetime({ offset: true }).optional() });
export const EventIdParams = z.object({ id: z.uuid("must be an event id") });

export interface EventSummary {
  id: string;
  ts: string;
  gatewayId: string;
  gatewayName: string | null;
  userId: string;
  team: string | null;
  server: string;
  tool: string;
  status: string;
  errorType: string | null;
  durationMs: number | null;
  costUsd: string | null;
  riskFlags: string[];
}

export interface EventDetail extends EventSummary {
  receivedAt: string;
  agent: string | null;
  sessionId: string | null;
  traceId: string | null;
  inputTokens: number | null;
  outputTokens: number | null;
  params: unknown;
  resultSummary: string | null;
  approvalId: string | null;
  reservationId: string | null;
  /** The gateway's call chain, stage by stage (null from gateways that do not send it). */
  decisions: EventDecision[] | null;
  /** jwt | static-token | config (config: asserted by the gateway's config alone, unverified); null if not sent. */
  identitySource: IdentitySource | null;
}

export interface EventPage {
  events: EventSummary[];
  nextCursor: string | null;
  /** The snapshot time the page was read at (pass back as asOf to page on). */
  asOf: string;
}
