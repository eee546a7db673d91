import { z } from "zod";

// The approval contracts: the gateway API (/api/v1/approvals…) and the dashboard API (/api/approvals…,
// /api/approval-rules…). One schema per endpoint; handlers, forms and tests share them.

export const APPROVAL_STATUSES = ["pending", "approved", "denied", "expired", "cancelled"] as const;
export const ApprovalStatusSchema = z.enum(APPROVAL_STATUSES);
export type ApprovalStatusName = z.infer<typeof ApprovalStatusSchema>;

/** Terminal statuses: a decided approval never changes again. */
export const DECIDED_STATUSES = ["approved", "denied", "expired", "cancelled"] as const;

export const DEFAULT_TIMEOUT_SECONDS = 300;
export const MAX_TIMEOUT_SECONDS = 24 * 60 * 60;
export const MAX_WAIT_SECONDS = 60;
export const MAX_PARAMS_BYTES = 64 * 1024;

const Text = (max: number) => z.string().trim().max(max);
const Name = z.string().trim().min(1).max(200);
const Flag = z.string().trim().min(1).max(64);
const Money = z.number().finite().min(0).max(1_000_000_000);
export const ParamsHash = z.string().regex(/^[a-f0-9]{64}$/, "a lowercase hex SHA-256 (64 characters)");

/** How a gateway established the requester's identity; `config` is asserted by the gateway's config alone. */
export const APPROVAL_IDENTITY_SOURCES = ["jwt", "static-token", "config"] as const;
export type ApprovalIdentitySource = (typeof APPROVAL_IDENTITY_SOURCES)[number];

// POST /api/v1/approvals
export const CreateApprovalBody = z
  .object({
    requestId: z.string().trim().min(1).max(200),
    server: Name,
    tool: Name,
    // The FULL params the gateway will execute (not redacted: Warden masks detected secrets for reviewers
    // and keeps full values only until the request is decided). `{}` for a call without arguments.
    params: z
      .unknown()
      .refine((v) => v !== undefined, "required: the full params of the call ({} for none)")
      .refine((v) => v === undefined || JSON.stringify(v).length <= MAX_PARAMS_BYTES, `at most ${MAX_PARAMS_BYTES} bytes of JSON`)
      .describe("The full params of the call the gateway will execute, not redacted ({} for none)."),
    // Checked by Warden: lib/approvals/hash-params.ts (hashParams), a 400 on paramsHash when it differs.
    paramsHash: ParamsHash.describe("Lowercase hex SHA-256 of the RFC 8785 canonical JSON of `params` (hashParams in lib/approvals/hash-params.ts)."),
    userId: z.string().trim().min(1).max(254),
    team: Text(120).optional(),
    sessionId: Text(200).optional(),
    agent: Text(200).optional(),
    reason: Text(2000).optional(),
    justification: Text(4000).optional(),
    userGoal: Text(4000).optional(),
    riskScore: z.number().finite().min(0).max(100).optional(),
    riskFlags: z.array(Flag).max(32).optional(),
    estimatedCostUsd: Money.optional(),
    timeoutSeconds: z.number().int().min(1).max(MAX_TIMEOUT_SECONDS).optional(),
    identitySource: z
      .enum(APPROVAL_IDENTITY_SOURCES)
      .optional()
      .meta({ description: "How the gateway established userId: a verified JWT, a static client token, or only its config (unverified: shown as such to reviewers)." }),
  })
  .strict();
export type CreateApprovalBody = z.infer<typeof CreateApprovalBody>;

// 201/200 reply of POST /api/v1/approvals
export const CreateApprovalResponse = z.object({
  id: z.uuid(),
  status: ApprovalStatusSchema,
  expiresAt: z.iso.datetime({ offset: true }),
});
export type CreateApprovalResponse = z.infer<typeof CreateApprovalResponse>;

// GET /api/v1/approvals/{id}?wait=N
export const GetApprovalQuery = z
  .object({ wait: z.coerce.number().int().min(0).max(MAX_WAIT_SECONDS).default(0) })
  .strict();
export type GetApprovalQuery = z.infer<typeof GetApprovalQuery>;

export const VoteView = z.object({
  reviewer: z.string(),
  decision: z.enum(["approve", "deny"]),
  comment: z.string().nullable(),
  at: z.iso.datetime({ offset: true }),
});
export type VoteView = z.infer<typeof VoteView>;

// Reply of GET /api/v1/approvals/{id} and POST /api/v1/approvals/{id}/cancel. `token` is a JWS for every
// decided status (approved, denied, expired, cancelled) and null while pending: a gateway runs the call only
// with a token it verified whose `decision` is "approved" and whose `paramsHash` is its own.
export const GatewayApprovalResponse = z.object({
  id: z.uuid(),
  status: ApprovalStatusSchema,
  expiresAt: z.iso.datetime({ offset: true }),
  decision: z.object({
    requiredApprovals: z.number().int(),
    approvals: z.number().int(),
    decidedAt: z.iso.datetime({ offset: true }).nullable(),
    votes: z.array(VoteView),
  }),
  token: z.string().nullable(),
});
export type GatewayApprovalResponse = z.infer<typeof GatewayApprovalResponse>;

// How long a decision token is valid after it was issued. A gateway acts on it at once; a later read of
// the approval issues a fresh one.
export const TOKEN_TTL_SECONDS = 300;
export const TOKEN_TYPE = "warden-approval+jwt";

// Claims of the approval token (JWS, EdDSA, `kid` in the header).
export interface ApprovalTokenClaims {
  iss: string;
  sub: string; // the approval id
  aud: string; // the gateway id
  iat: number;
  exp: number;
  approval_id: string;
  request_id: string;
  decision: ApprovalStatusName;
  paramsHash: string;
}

// POST /api/approvals/{id}/decision
export const DecideApprovalBody = z
  .object({
    decision: z.enum(["approve", "deny"]),
    comment: Text(2000).optional(),
  })
  .strict();
export type DecideApprovalBody = z.infer<typeof DecideApprovalBody>;

/** At most this many requests in one batch decision. */
export const MAX_BATCH_DECISIONS = 50;

// POST /api/approvals/decisions — one reviewer's vote on several requests that share tool and rule
export const DecideApprovalsBatchBody = z
  .object({
    ids: z
      .array(z.uuid())
      .min(1)
      .max(MAX_BATCH_DECISIONS)
      .refine((ids) => new Set(ids).size === ids.length, "each request at most once"),
    decision: z.enum(["approve", "deny"]),
    comment: Text(2000).optional(),
  })
  .strict();
export type DecideApprovalsBatchBody = z.infer<typeof DecideApprovalsBatchBody>;

// 200 reply of POST /api/approvals/decisions: one result per id, in order
export const DecideApprovalsBatchResponse = z.object({
  results: z.array(
    z.union([
      z.object({ id: z.uuid(), status: z.enum(["approved", "denied", "pending", "expired"]), approvals: z.number().int() }),
      z.object({ id: z.uuid(), error: z.object({ code: z.string(), message: z.string() }) }),
    ]),
  ),
});
export type DecideApprovalsBatchResponse = z.infer<typeof DecideApprovalsBatchResponse>;

/** How far one extension may move a deadline; the deadline never goes past 24 h from now. */
export const MAX_EXTEND_MINUTES = 24 * 60;

// POST /api/approvals/{id}/extend — a reviewer gives a pending request more time.
export const ExtendApprovalBody = z
  .object({
    minutes: z.number().int().min(1).max(MAX_EXTEND_MINUTES),
    // A request is extended once, and the reason is audited and shown on the request.
    reason: z.string().trim().min(1, "required: say why the request needs more time").max(500),
  })
  .strict();
export type ExtendApprovalBody = z.infer<typeof ExtendApprovalBody>;
export const ExtendApprovalResponse = z.object({ id: z.uuid(), status: z.literal("pending"), expiresAt: z.iso.datetime({ offset: true }) });

// GET /api/approvals
export const FindApprovalsQuery = z
  .object({
    view: z.enum(["queue", "history"]).default("queue"),
    status: z.enum(DECIDED_STATUSES).optional(),
    gatewayId: z.uuid().optional(),
    tool: Text(200).optional(),
    userId: Text(254).optional(),
    reviewer: Text(254).optional(),
    from: z.iso.datetime({ offset: true }).optional(),
    to: z.iso.datetime({ offset: true }).optional(),
    limit: z.coerce.number().int().min(1).max(200).default(100),
  })
  .strict();
export type FindApprovalsQuery = z.infer<typeof FindApprovalsQuery>;

const Pattern = z
  .string()
  .trim()
  .min(1)
  .max(200)
  .regex(/^[^\s]+$/, "no spaces; use * and ? as wildcards, {a,b} for alternatives");

// POST /api/approval-rules
export const CreateApprovalRuleBody = z
  .object({
    name: z.string().trim().min(1).max(120),
    enabled: z.boolean().default(true),
    priority: z.number().int().min(0).max(10_000).default(100),
    gatewayPattern: Pattern.default("*"),
    serverPattern: Pattern.default("*"),
    toolPattern: Pattern.default("*"),
    minCostUsd: Money.nullable().optional(),
    riskFlags: z.array(Flag).max(32).default([]),
    requiredApprovals: z.number().int().min(1).max(10).default(1),
    timeoutSeconds: z.number().int().min(10).max(MAX_TIMEOUT_SECONDS).default(DEFAULT_TIMEOUT_SECONDS),
    requireCommentToApprove: z.boolean().default(false),
    reviewerTeam: z.string().trim().min(1).max(120).nullable().optional(),
    webhookUrl: z.url({ protocol: /^https?$/ }).max(2000).nullable().optional(),
    // Standing rules never approve a request under this rule (lib/approvals/match-standing-rule.ts).
    humanEveryTime: z.boolean().default(false),
    // Expiry handling: warn the reviewers at this share of the timeout (0 = never); escalate to
    // `escalationTeam` (told, and allowed to decide) at `escalateAtPercent`.
    warnAtPercent: z.number().int().min(0).max(99).default(50),
    escalationTeam: z.string().trim().min(1).max(120).nullable().optional(),
    escalateAtPercent: z.number().int().min(1).max(99).default(75),
  })
  .strict();
export type CreateApprovalRuleBody = z.infer<typeof CreateApprovalRuleBody>;

// PATCH /api/approval-rules/{id}
export const UpdateApprovalRuleBody = z
  .object({
    name: z.string().trim().min(1).max(120),
    enabled: z.boolean(),
    priority: z.number().int().min(0).max(10_000),
    gatewayPattern: Pattern,
    serverPattern: Pattern,
    toolPattern: Pattern,
    minCostUsd: Money.nullable(),
    riskFlags: z.array(Flag).max(32),
    requiredApprovals: z.number().int().min(1).max(10),
    timeoutSeconds: z.number().int().min(10).max(MAX_TIMEOUT_SECONDS),
    requireCommentToApprove: z.boolean(),
    reviewerTeam: z.string().trim().min(1).max(120).nullable(),
    webhookUrl: z.url({ protocol: /^https?$/ }).max(2000).nullable(),
    humanEveryTime: z.boolean(),
    warnAtPercent: z.number().int().min(0).max(99),
    escalationTeam: z.string().trim().min(1).max(120).nullable(),
    escalateAtPercent: z.number().int().min(1).max(99),
    rotateWebhookSecret: z.literal(true),
  })
  .partial()
  .strict();
export type UpdateApprovalRuleBody = z.infer<typeof UpdateApprovalRuleBody>;
