import { z } from "zod";

// The contracts of a request's context in the detail view: similar past decisions (precedents) and the
// values that usually decide (risky params). lib/approvals/find-precedents.ts, get-risky-params.ts.

export const PRECEDENT_MATCHES = ["tool", "user", "rule"] as const;
export type PrecedentMatch = (typeof PRECEDENT_MATCHES)[number];

/** Outcomes a precedent can have: decided by people (or by the clock); withdrawn requests teach nothing. */
export const PRECEDENT_STATUSES = ["approved", "denied", "expired"] as const;

export const MAX_PRECEDENTS_PAGE = 50;

// GET /api/approvals/{id}/precedents?by=any|tool|user|rule&limit&cursor
export const FindPrecedentsQuery = z
  .object({
    by: z.enum(["any", ...PRECEDENT_MATCHES]).default("any"),
    limit: z.coerce.number().int().min(1).max(MAX_PRECEDENTS_PAGE).default(5),
    cursor: z
      .string()
      .max(200)
      .regex(/^\d{4}-\d{2}-\d{2}T[0-9:.]+Z_[0-9a-f-]{36}$/, "a cursor from a previous page (nextCursor)")
      .optional(),
  })
  .strict();
export type FindPrecedentsQuery = z.input<typeof FindPrecedentsQuery>;

export const PrecedentView = z.object({
  id: z.uuid(),
  status: z.enum(PRECEDENT_STATUSES),
  server: z.string(),
  tool: z.string(),
  userId: z.string(),
  ruleName: z.string().nullable(),
  /** Why it is a precedent: what it shares with the request. */
  matches: z.array(z.enum(PRECEDENT_MATCHES)),
  createdAt: z.string(),
  decidedAt: z.string(),
  /** Each reviewer's vote with their reason; empty for an expired request (nobody decided). */
  votes: z.array(z.object({ reviewerEmail: z.string(), decision: z.enum(["approve", "deny"]), comment: z.string().nullable(), at: z.string() })),
});
export type PrecedentView = z.infer<typeof PrecedentView>;

export const FindPrecedentsResponse = z.object({ precedents: z.array(PrecedentView), nextCursor: z.string().nullable() });
export type FindPrecedentsResponse = z.infer<typeof FindPrecedentsResponse>;
