import { z } from "zod";
import { API_SCOPES } from "./scopes";

const Name = z.string().trim().min(1).max(80).regex(/^[A-Za-z0-9][A-Za-z0-9 ._-]*$/, "letters, digits, space, dot, dash, underscore");

// POST /api/gateways
export const CreateGatewayBody = z
  .object({
    name: Name,
    description: z.string().trim().max(500).optional(),
    ownerTeam: z.string().trim().max(120).optional(),
  })
  .strict();
export type CreateGatewayBody = z.infer<typeof CreateGatewayBody>;

// POST /api/gateways/{id}/keys
export const CreateApiKeyBody = z
  .object({
    name: z.string().trim().max(80).optional(),
    scopes: z.array(z.enum(API_SCOPES)).min(1).max(API_SCOPES.length).optional(),
    expiresAt: z.iso.datetime({ offset: true }).optional(),
  })
  .strict();
export type CreateApiKeyBody = z.infer<typeof CreateApiKeyBody>;

// POST /api/gateways/{id}/keys/{keyId}/rotate
export const RotateApiKeyBody = z
  .object({
    graceSeconds: z.number().int().min(0).max(7 * 86_400).optional(),
  })
  .strict();
export type RotateApiKeyBody = z.infer<typeof RotateApiKeyBody>;

// PATCH /api/gateways/{id}/keys/{keyId} — replaces the key's scopes (duplicates are ignored).
export const UpdateApiKeyScopesBody = z
  .object({
    scopes: z.array(z.enum(API_SCOPES)).min(1).max(API_SCOPES.length * 2),
  })
  .strict();
export type UpdateApiKeyScopesBody = z.infer<typeof UpdateApiKeyScopesBody>;

const Count = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);

/** Seconds between heartbeats when the gateway does not say; a gateway is stale after 3 intervals. */
export const DEFAULT_HEARTBEAT_INTERVAL_SECONDS = 30;
export const STALE_AFTER_INTERVALS = 3;

/**
 * The heavy output scan's counters since the gateway started (lib/gateway/guards/create-heavy-output-queue.ts):
 * texts queued and scanned, outputs dropped unscanned (queue full), deduplicated repeats, truncated texts,
 * flagged outputs, failed scans, texts waiting; and the late flags pending, delivered and given up.
 */
const HeavyOutputCounters = z
  .object({
    queued: Count,
    scanned: Count,
    dropped: Count,
    deduped: Count,
    truncated: Count,
    flagged: Count,
    failed: Count,
    waiting: Count,
    lateFlags: z.object({ pending: Count, delivered: Count, dropped: Count }).strict(),
  })
  .strict();

/** Fail-open settings with which a gateway runs no heavy output scan (lib/gateway/report/list-fail-open-settings.ts). */
export const HEAVY_OUTPUTS_OFF_SETTINGS: readonly string[] = ["guards.enabled", "guards.heavyOutputs"];

// POST /api/v1/heartbeat — what a gateway runs and how it is doing. Counters count since `startedAt`.
// `failOpen` lists every setting with which the gateway lets calls through unguarded or unrecorded
// (drop mode on, a guard off, a policy older than its limit): each raises an alert.
export const HeartbeatBody = z
  .object({
    gatewayVersion: z.string().trim().min(1).max(64),
    policyEtag: z.string().max(200).nullable().default(null),
    policyAgeSeconds: z.number().int().min(0).max(10 * 365 * 86_400).nullable().default(null),
    spool: z.object({ depthEvents: Count, depthBytes: Count, capBytes: Count }).strict(),
    counters: z.object({ calls: Count, spooled: Count, sent: Count, deadLettered: Count, dropped: Count }).strict(),
    failOpen: z
      .array(z.object({ setting: z.string().trim().min(1).max(100), detail: z.string().trim().max(1000).default("") }).strict())
      .max(32)
      .default([]),
    upstreams: z
      .array(z.object({ name: z.string().trim().min(1).max(200), status: z.enum(["up", "down", "restarting"]), restarts: Count }).strict())
      .max(256)
      .default([]),
    startedAt: z.iso.datetime({ offset: true }),
    /** How often this gateway sends heartbeats (default 30 s; below 1 s counts as 1 s); Warden alerts after 3 missed intervals. */
    intervalSeconds: z.number().int().min(0).max(3600).optional(),
    /** The heavy rules on tool outputs since the gateway started (docs/guards.md "Two speeds"): what became of the outputs, and the late flags. */
    heavyOutputs: HeavyOutputCounters.optional(),
  })
  .strict();
export type HeartbeatBody = z.infer<typeof HeartbeatBody>;
export const HeartbeatResponse = z.object({ ok: z.literal(true), staleAfterSeconds: z.number().int() });

// PUT /api/v1/tools — each upstream server's tools/list as the gateway sees it (MCP Tool objects, kept
// as listed). Servers not in the body are left as they were.
export const MAX_TOOLS_BODY_BYTES = 4 * 1024 * 1024;
export const PutToolsBody = z
  .object({
    servers: z
      .array(
        z
          .object({
            server: z.string().trim().min(1).max(200),
            tools: z.array(z.looseObject({ name: z.string().min(1).max(256) })).max(2000),
          })
          .strict(),
      )
      .min(1)
      .max(256)
      .refine((list) => new Set(list.map((s) => s.server)).size === list.length, "each server at most once"),
  })
  .strict();
export type PutToolsBody = z.infer<typeof PutToolsBody>;
export const PutToolsResponse = z.object({
  servers: z.array(z.object({ server: z.string(), toolCount: z.number().int(), toolsHash: z.string(), changed: z.boolean() })),
});
export type PutToolsResponse = z.infer<typeof PutToolsResponse>;

/** The latest heartbeat as the Gateways page shows it, with "reporting coverage". */
export const GatewayHeartbeatView = z.object({
  status: z.enum(["alive", "stale"]),
  receivedAt: z.string(),
  staleAfterSeconds: z.number().int(),
  gatewayVersion: z.string(),
  policyEtag: z.string().nullable(),
  policyAgeSeconds: z.number().int().nullable(),
  startedAt: z.string(),
  spool: HeartbeatBody.shape.spool,
  counters: HeartbeatBody.shape.counters,
  failOpen: z.array(z.object({ setting: z.string(), detail: z.string() })),
  upstreams: z.array(z.object({ name: z.string(), status: z.string(), restarts: z.number() })),
  /** Events Warden holds from this gateway for calls since it started (from the minute rollup). */
  receivedSinceStart: z.number().int(),
  /**
   * The heavy output scan's coverage: its counters as the gateway reported them; `off` when the gateway
   * reports a fail-open setting that turns it off; `not_reported` when its heartbeat has none (an older gateway).
   */
  heavyOutputs: z.discriminatedUnion("status", [
    HeavyOutputCounters.extend({ status: z.literal("reported") }),
    z.object({ status: z.literal("off"), setting: z.string(), detail: z.string() }),
    z.object({ status: z.literal("not_reported") }),
  ]),
});
export type GatewayHeartbeatView = z.infer<typeof GatewayHeartbeatView>;

// GET /api/gateways
export const GatewayRow = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string().nullable(),
  ownerTeam: z.string().nullable(),
  lastSeenAt: z.string().nullable(),
  createdAt: z.string(),
  eventsPerMinute: z.number(),
  events24h: z.number(),
  heartbeat: GatewayHeartbeatView.nullable(),
  keys: z.array(
    z.object({
      id: z.string(),
      name: z.string().nullable(),
      prefix: z.string(),
      scopes: z.array(z.string()),
      expiresAt: z.string().nullable(),
      revokedAt: z.string().nullable(),
      lastUsedAt: z.string().nullable(),
      createdAt: z.string(),
    }),
  ),
});
export type GatewayRow = z.infer<typeof GatewayRow>;
export const FindGatewaysResponse = z.object({ gateways: z.array(GatewayRow) });
