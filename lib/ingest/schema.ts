import { z } from "zod";

// The gateway's audit-event contract. The same schemas validate requests, type the code, generate the
// OpenAPI document (lib/ingest/openapi.ts) and check responses in the tests.

export const EVENT_STATUSES = ["ok", "error", "blocked", "timeout", "denied"] as const;
export type EventStatus = (typeof EVENT_STATUSES)[number];

/** What a stage of the gateway's call chain decided about a call (policy, rate limit, budget, approval, …). */
export const DECISION_OUTCOMES = ["allow", "deny", "hold", "error", "skip", "modify"] as const;
export type DecisionOutcome = (typeof DECISION_OUTCOMES)[number];
export const MAX_DECISIONS = 16;
/** How the gateway established the caller's identity; `config` is asserted by its config alone (unverified). */
export const IDENTITY_SOURCES = ["jwt", "static-token", "config"] as const;
export type IdentitySource = (typeof IDENTITY_SOURCES)[number];
/** The risk flag Warden adds to an event that presents an approval id another stored event already carried. */
export const APPROVAL_REUSED_FLAG = "approval_reused";

export const MAX_EVENTS_PER_BATCH = 1000;
/** Events more than this far in the future (gateway clock skew) are refused. */
export const MAX_FUTURE_SKEW_MS = 5 * 60_000;
/** Serialized size cap of one event's `params` object. */
export const MAX_PARAMS_BYTES = 16 * 1024;
export const MAX_PARAMS_DEPTH = 12;

/** Postgres text cannot hold NUL, and jsonb refuses unpaired surrogates: refuse them here (400, not 500). */
export function isStorableText(s: string): boolean {
  return !s.includes("\0") && s.isWellFormed();
}
export const STORABLE = "must not contain NUL characters or unpaired surrogates";
const Text = (max: number) => z.string().max(max).refine(isStorableText, STORABLE);
const Name = (max: number) => Text(max).min(1);
const opt = <T extends z.ZodType>(s: T) => s.nullish();

/** JSON nesting depth of a value (a scalar is 0). Stops counting past `limit`. */
export function jsonDepth(value: unknown, limit = 64): number {
  if (value === null || typeof value !== "object") return 0;
  if (limit <= 0) return 1;
  let max = 0;
  for (const v of Array.isArray(value) ? value : Object.values(value)) {
    const d = jsonDepth(v, limit - 1);
    if (d > max) max = d;
  }
  return max + 1;
}

// Size, depth and storability of `params` are checked once per event in validate-event-batch.ts on the
// serialized form it stores (cheaper than walking the object in a refinement, then serializing again).
const Params = z
  .record(z.string().max(200), z.unknown())
  .meta({ description: `The call's arguments as a JSON object, already redacted by the gateway (≤ ${MAX_PARAMS_BYTES} bytes, ≤ ${MAX_PARAMS_DEPTH} levels).` });

export const EventDecision = z
  .object({
    stage: Name(40).meta({ description: "The chain stage, e.g. policy, rate_limit, budget, approval, reservation, forward, output." }),
    outcome: z.enum(DECISION_OUTCOMES),
    reason: opt(Text(500)),
  })
  .strict()
  .meta({ id: "EventDecision", description: "One stage's decision about the call." });
export type EventDecision = z.infer<typeof EventDecision>;

// One element of POST /api/v1/events
export const IngestEvent = z
  .object({
    id: z.uuid().meta({ description: "Chosen by the gateway; the idempotency key. Re-sending it, with any timestamp, stores nothing twice (within the retention window)." }),
    timestamp: z.iso.datetime({ offset: true }).meta({
      description: "RFC 3339 time of the call, e.g. 2025-01-31T12:00:00.123Z. Stored to the millisecond, rounded to the nearest (…59.9996Z is stored as the next second). Refused if more than 5 minutes in the future or older than the retention window.",
    }),
    userId: Name(200).meta({ description: "The person the agent acts for." }),
    team: opt(Text(120)),
    agent: opt(Text(200)),
    sessionId: opt(Text(200)),
    traceId: opt(Text(200)),
    server: Name(200).meta({ description: "MCP server name." }),
    tool: Name(200).meta({ description: "Tool name on that server." }),
    status: z.enum(EVENT_STATUSES),
    errorType: opt(Text(200)),
    durationMs: opt(z.number().int().min(0).max(86_400_000)),
    costUsd: opt(z.number().min(0).max(1_000_000).meta({ description: "Actual cost of the call in USD (stored to 6 decimals)." })),
    inputTokens: opt(z.number().int().min(0).max(2_147_483_647)),
    outputTokens: opt(z.number().int().min(0).max(2_147_483_647)),
    riskFlags: opt(
      z
        .array(z.string().regex(/^[a-z0-9][a-z0-9_.:-]{0,63}$/, "lowercase letters, digits, _ . : - (1–64 characters)"))
        .max(32)
        .meta({
          description: `e.g. prompt_injection, secret_redacted, pii_redacted, tool_changed, rate_limited, budget_exceeded. Warden adds ${APPROVAL_REUSED_FLAG} to an event whose approvalId another stored event already carried.`,
        }),
    ),
    params: opt(Params),
    resultSummary: opt(Text(4000)),
    approvalId: opt(z.uuid()),
    reservationId: opt(z.uuid().meta({ description: "The spend reservation (POST /api/v1/spend/authorize) this call settles." })),
    decisions: opt(
      z
        .array(EventDecision)
        .max(MAX_DECISIONS)
        .meta({ description: `Each stage of the gateway's call chain, in order, with its outcome (≤ ${MAX_DECISIONS}). Optional: older gateways omit it.` }),
    ),
    identitySource: opt(
      z.enum(IDENTITY_SOURCES).meta({
        description: "How the caller's identity was established: a verified JWT, a static client token, or the gateway's config alone (shown as unverified).",
      }),
    ),
  })
  .strict()
  .meta({ id: "Event", description: "One MCP tool call as the gateway saw it." });
export type IngestEvent = z.infer<typeof IngestEvent>;

// POST /api/v1/events (application/json; or application/x-ndjson with one Event per line)
export const IngestEventsBody = z
  .object({ events: z.array(IngestEvent).min(1).max(MAX_EVENTS_PER_BATCH) })
  .strict()
  .meta({ id: "IngestEventsBody" });
export type IngestEventsBody = z.infer<typeof IngestEventsBody>;

// 200 from POST /api/v1/events
export const IngestEventsResponse = z
  .object({
    accepted: z.number().int().min(0).meta({ description: "Events stored by this request." }),
    duplicates: z.number().int().min(0).meta({ description: "Events already stored (same id, whatever the timestamp); nothing was added twice." }),
  })
  .strict()
  .meta({ id: "IngestEventsResponse" });
export type IngestEventsResponse = z.infer<typeof IngestEventsResponse>;

/** A risk flag's spelling (events' riskFlags and late flags alike). */
export const RISK_FLAG_RE = /^[a-z0-9][a-z0-9_.:-]{0,63}$/;
export const MAX_LATE_FLAGS = 16;

// POST /api/v1/events/{id}/flags — flags found after the event was sent (the gateway's heavy rules on a tool
// output, docs/guards.md "Two speeds"). Only ADDS flags to the key's gateway's event; idempotent.
export const AddEventFlagsBody = z
  .object({
    source: z.enum(["heavy_output"]).meta({ description: "What found them: heavy_output = the gateway's heavy rule sets on the call's output, after the result was returned." }),
    flags: z.array(z.string().regex(RISK_FLAG_RE, "lowercase letters, digits, _ . : - (1–64 characters)")).min(1).max(MAX_LATE_FLAGS),
    findings: z
      .array(
        z
          .object({
            flag: z.string().regex(RISK_FLAG_RE),
            rule: Name(200),
            category: Name(64),
            severity: z.enum(["low", "medium", "high", "critical"]),
            message: Text(500),
          })
          .strict(),
      )
      .max(32)
      .default([])
      .meta({ description: "The rules that matched (shown in the alert); the flags are what the event gets." }),
  })
  .strict()
  .meta({ id: "AddEventFlagsBody" });
export type AddEventFlagsBody = z.infer<typeof AddEventFlagsBody>;

// 200 from POST /api/v1/events/{id}/flags
export const AddEventFlagsResponse = z
  .object({
    eventId: z.uuid(),
    added: z.array(z.string()).meta({ description: "Flags the event did not carry before (empty on a repeat)." }),
    riskFlags: z.array(z.string()),
    riskScore: z.number().int().min(0).max(100).meta({ description: "scoreRisk over the event's flags (docs/guards.md)." }),
  })
  .strict()
  .meta({ id: "AddEventFlagsResponse" });
export type AddEventFlagsResponse = z.infer<typeof AddEventFlagsResponse>;

// Every error of the gateway API.
export const ApiErrorResponse = z
  .object({
    error: z
      .object({
        code: z.string(),
        message: z.string(),
        issues: z
          .array(
            z.object({
              index: z.number().int().optional().meta({ description: "Position of the bad event in the batch (or NDJSON line)." }),
              path: z.string(),
              message: z.string(),
            }),
          )
          .optional(),
      })
      .strict(),
  })
  .strict()
  .meta({ id: "Error" });
export type ApiErrorResponse = z.infer<typeof ApiErrorResponse>;
