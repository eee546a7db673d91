import { z } from "zod";
import { PERIOD_KINDS } from "./period";
import { UsdAmount } from "./usd";

// The budget contracts: the gateway API (/api/v1/spend/…), the policy entry (GET /api/v1/policy) and the
// dashboard API (/api/budgets…). One schema per endpoint; handlers, forms and tests share them.

export const BUDGET_SCOPES = ["global", "team", "user", "gateway", "server", "tool"] as const;
export const BudgetScopeSchema = z.enum(BUDGET_SCOPES);
export type BudgetScopeName = z.infer<typeof BudgetScopeSchema>;
export const BudgetPeriodSchema = z.enum(PERIOD_KINDS);
export const BudgetModeSchema = z.enum(["hard", "soft"]);

export const DEFAULT_RESERVATION_TTL_SECONDS = 600;
export const MAX_RESERVATION_TTL_SECONDS = 24 * 60 * 60;
export const DEFAULT_THRESHOLDS = [50, 80, 100];

/** Exact decimal string, e.g. "12.5". */
const Decimal = z.string().regex(/^-?\d+(\.\d+)?$/).meta({ description: "Exact decimal amount in USD, as a string." });
const Name = z.string().trim().min(1).max(200);

// POST /api/v1/spend/authorize
export const AuthorizeSpendBody = z
  .object({
    userId: Name.meta({ description: "The person the agent acts for (same id as in events)." }),
    team: z.string().trim().min(1).max(120).nullish(),
    server: Name.nullish().meta({ description: "MCP server; server budgets apply only when given." }),
    tool: Name.nullish().meta({ description: "Tool name; tool budgets apply only when given." }),
    estimatedCostUsd: UsdAmount,
    ttlSeconds: z
      .number()
      .int()
      .min(5)
      .max(MAX_RESERVATION_TTL_SECONDS)
      .optional()
      .meta({ description: `How long the reservation holds if neither settled nor released (default ${DEFAULT_RESERVATION_TTL_SECONDS}).` }),
    dryRun: z
      .boolean()
      .optional()
      .meta({ description: "True: decide exactly as a real authorization would, but reserve nothing (the answer says dryRun and its reservationId is the nil UUID)." }),
  })
  .strict()
  .meta({ id: "AuthorizeSpendRequest" });
export type AuthorizeSpendBody = z.infer<typeof AuthorizeSpendBody>;

// The state of one budget in its current period, as gateways see it.
const budgetStateFields = {
  id: z.uuid(),
  name: z.string(),
  scope: BudgetScopeSchema,
  scopeValue: z.string().nullable(),
  period: BudgetPeriodSchema,
  mode: BudgetModeSchema,
  limitUsd: Decimal,
  spentUsd: Decimal,
  reservedUsd: Decimal,
  remainingUsd: Decimal.meta({ description: "limit − spent − reserved, never below 0." }),
  periodEnd: z.iso.datetime({ offset: true }),
};

export const BudgetRemaining = z.object(budgetStateFields).meta({ id: "BudgetRemaining" });
export type BudgetRemaining = z.infer<typeof BudgetRemaining>;

// 200 reply of POST /api/v1/spend/authorize
export const AuthorizeSpendResponse = z
  .discriminatedUnion("allowed", [
    z.object({
      allowed: z.literal(true),
      reservationId: z.uuid().meta({ description: "Put it on the call's event (`reservationId`) to settle it, or release it." }),
      expiresAt: z.iso.datetime({ offset: true }),
      budgets: z.array(BudgetRemaining).meta({ description: "Every budget the call falls under, after this reservation." }),
      dryRun: z.literal(true).optional().meta({ description: "Present on a dry run: nothing was reserved; reservationId is the nil UUID." }),
    }),
    z.object({
      allowed: z.literal(false),
      dryRun: z.literal(true).optional(),
      reason: z.string(),
      budget: z.object({
        id: z.uuid(),
        name: z.string(),
        scope: BudgetScopeSchema,
        scopeValue: z.string().nullable(),
        limitUsd: Decimal,
        spentUsd: Decimal,
        reservedUsd: Decimal,
      }),
    }),
  ])
  .meta({ id: "AuthorizeSpendResponse" });
export type AuthorizeSpendResponse = z.infer<typeof AuthorizeSpendResponse>;

/** The reservationId of a dry run's answer: nothing was reserved. */
export const DRY_RUN_RESERVATION_ID = "00000000-0000-0000-0000-000000000000";

// POST /api/v1/spend/release
export const ReleaseSpendBody = z
  .object({ reservationId: z.uuid() })
  .strict()
  .meta({ id: "ReleaseSpendRequest" });
export type ReleaseSpendBody = z.infer<typeof ReleaseSpendBody>;

// 200 reply of POST /api/v1/spend/release (idempotent: releasing twice answers the same status)
export const ReleaseSpendResponse = z
  .object({
    reservationId: z.uuid(),
    released: z.boolean().meta({ description: "True when this request freed the reservation." }),
    status: z.enum(["active", "settled", "released", "expired"]),
  })
  .meta({ id: "ReleaseSpendResponse" });
export type ReleaseSpendResponse = z.infer<typeof ReleaseSpendResponse>;

// One budget in GET /api/v1/policy (`budgets`): what applies and what is left in the current period.
export const BudgetPolicyEntry = z
  .object({
    ...budgetStateFields,
    periodStart: z.iso.datetime({ offset: true }),
    blocking: z.boolean().meta({ description: "A hard budget with nothing left: every authorization under it is refused." }),
    approvalAboveUsd: Decimal.nullable().meta({ description: "Calls estimated above this cost need human approval." }),
  })
  .meta({ id: "BudgetPolicyEntry" });
export type BudgetPolicyEntry = z.infer<typeof BudgetPolicyEntry>;

const Thresholds = z
  .array(z.number().int().min(1).max(1000))
  .max(10)
  .transform((t) => [...new Set(t)].sort((a, b) => a - b));

const WebhookUrl = z
  .string()
  .trim()
  .max(2000)
  .refine((u) => {
    try {
      return ["http:", "https:"].includes(new URL(u).protocol);
    } catch {
      return false;
    }
  }, "must be an http(s) URL");

const budgetFields = {
  name: Name,
  scope: BudgetScopeSchema,
  scopeValue: z.string().trim().min(1).max(200).nullish(),
  period: BudgetPeriodSchema,
  limitUsd: UsdAmount,
  mode: BudgetModeSchema,
  thresholds: Thresholds,
  approvalAboveUsd: UsdAmount.nullish(),
  webhookUrl: WebhookUrl.nullish(),
  webhookSecret: z.string().min(8).max(200).nullish(),
};

function scopeValueMatchesScope(b: { scope?: string; scopeValue?: string | null }, ctx: z.RefinementCtx) {
  if (b.scope === undefined) return;
  if (b.scope === "global" && b.scopeValue) ctx.addIssue({ code: "custom", path: ["scopeValue"], message: "a global budget has no scope value" });
  if (b.scope !== "global" && !b.scopeValue) ctx.addIssue({ code: "custom", path: ["scopeValue"], message: `name the ${b.scope} this budget applies to` });
  if (b.scope === "gateway" && b.scopeValue && !z.uuid().safeParse(b.scopeValue).success) {
    ctx.addIssue({ code: "custom", path: ["scopeValue"], message: "a gateway budget names the gateway's id" });
  }
}

// POST /api/budgets
export const CreateBudgetBody = z
  .object({
    ...budgetFields,
    mode: budgetFields.mode.default("hard"),
    thresholds: budgetFields.thresholds.default(DEFAULT_THRESHOLDS),
  })
  .strict()
  .superRefine(scopeValueMatchesScope);
export type CreateBudgetBody = z.infer<typeof CreateBudgetBody>;
export type CreateBudgetInput = z.input<typeof CreateBudgetBody>;

// PATCH /api/budgets/{id} — every field optional; scope changes need the matching scopeValue.
export const UpdateBudgetBody = z
  .object({
    name: budgetFields.name,
    limitUsd: budgetFields.limitUsd,
    mode: budgetFields.mode,
    thresholds: budgetFields.thresholds,
    approvalAboveUsd: budgetFields.approvalAboveUsd,
    webhookUrl: budgetFields.webhookUrl,
    webhookSecret: budgetFields.webhookSecret,
  })
  .partial()
  .strict();
export type UpdateBudgetBody = z.infer<typeof UpdateBudgetBody>;
export type UpdateBudgetInput = z.input<typeof UpdateBudgetBody>;
