import { z } from "zod";

// The standing-rule contracts ("Always allow…" from a request, issue 19 item 7): the dashboard API
// /api/standing-rules…; handlers, the dialog and tests share them. docs/approvals.md explains the semantics.

export const STANDING_RULE_SCOPES = ["user", "team"] as const;
export type StandingRuleScope = (typeof STANDING_RULE_SCOPES)[number];
export const DEFAULT_STANDING_RULE_DAYS = 7;
export const MAX_STANDING_RULE_DAYS = 90;
export const MAX_STANDING_CONSTRAINTS = 64;

/**
 * A constraint on one top-level param: `exact` (the same JSON value, compared canonically), `glob` (a string
 * value matching the pattern: `*`, `?`, `{a,b}`, case-insensitive, as approval rules), or `any` (the key must
 * be present, any value). Keys of a request that no constraint names make the standing rule not apply.
 */
export const ParamConstraint = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("exact"), value: z.json() }).strict(),
  z.object({ kind: z.literal("glob"), pattern: z.string().min(1, "a pattern, e.g. *@example.com").max(500) }).strict(),
  z.object({ kind: z.literal("any") }).strict(),
]);
export type ParamConstraint = z.infer<typeof ParamConstraint>;

export const StandingRuleConstraints = z
  .record(z.string().min(1).max(200), ParamConstraint)
  .refine((c) => Object.keys(c).length <= MAX_STANDING_CONSTRAINTS, `at most ${MAX_STANDING_CONSTRAINTS} keys`);
export type StandingRuleConstraints = z.infer<typeof StandingRuleConstraints>;

// POST /api/standing-rules
export const CreateStandingRuleBody = z
  .object({
    approvalId: z.uuid(),
    scope: z.enum(STANDING_RULE_SCOPES),
    days: z.number().int().min(1).max(MAX_STANDING_RULE_DAYS).default(DEFAULT_STANDING_RULE_DAYS),
    constraints: StandingRuleConstraints,
  })
  .strict();
export type CreateStandingRuleBody = z.input<typeof CreateStandingRuleBody>;

// GET /api/standing-rules?approvalId=…  (the eligibility of one request) or without it (the list)
export const FindStandingRulesQuery = z
  .object({
    approvalId: z.uuid().optional(),
    status: z.enum(["active", "all"]).default("all"),
  })
  .strict();
