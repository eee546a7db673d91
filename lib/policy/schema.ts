import { z } from "zod";

// GET /api/v1/policy — what a gateway must enforce. Rule patterns are globs (`*`, `?`, `{a,b}`,
// case-insensitive); a call needs approval when any rule applies (see lib/approvals/match-approval-rule.ts).
export const PolicyApprovalRule = z.object({
  id: z.uuid(),
  name: z.string(),
  priority: z.number().int(),
  serverPattern: z.string(),
  toolPattern: z.string(),
  minCostUsd: z.string().nullable(),
  riskFlags: z.array(z.string()),
  requiredApprovals: z.number().int(),
  timeoutSeconds: z.number().int(),
  requireCommentToApprove: z.boolean(),
});

export const GetPolicyResponse = z.object({
  gatewayId: z.uuid(),
  patternSyntax: z.literal("glob"),
  approvalRules: z.array(PolicyApprovalRule),
  blockedTools: z.array(z.object({ serverPattern: z.string(), toolPattern: z.string(), reason: z.string() })),
  budgets: z.array(z.unknown()),
});
export type GetPolicyResponse = z.infer<typeof GetPolicyResponse>;
