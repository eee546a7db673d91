import { z } from "zod";
import { GetPolicyResponse } from "../../policy/schema";

// GET /api/v1/policy as the gateway reads it: Warden's contract, with the per-tool settings optional so a
// gateway also works against a Warden that does not send them yet.

const PolicyTool = z.object({
  server: z.string(),
  tool: z.string(),
  costPerCallUsd: z.string().nullable(),
  timeoutMs: z.number().nullable(),
  rateLimitPerMinute: z.number().nullable(),
});

export const GatewayPolicySchema = GetPolicyResponse.extend({ tools: z.array(PolicyTool).default([]) });
export type GatewayPolicy = z.infer<typeof GatewayPolicySchema>;
