import { z } from "zod";
import { numberToDecimal } from "../budgets/usd";

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

// A tool's central settings: they override the gateway's own config for that server × tool. Null: not set
// centrally (the gateway's config, or its default, applies).
export const PolicyToolSetting = z.object({
  server: z.string(),
  tool: z.string(),
  costPerCallUsd: z.string().nullable().meta({ description: "USD per call as a decimal string (≤ 6 decimals)" }),
  timeoutMs: z.number().int().nullable(),
  rateLimitPerMinute: z.number().int().nullable().meta({ description: "calls per minute per user for this tool" }),
});
export type PolicyToolSetting = z.infer<typeof PolicyToolSetting>;

const TrustPolicyEnum = z.enum(["review", "trust-on-first-use", "open"]).meta({
  description:
    "How a server's tools without an inventory decision are treated: `review` hidden until approved; `trust-on-first-use` and `open` shown. " +
    "Under trust-on-first-use Warden approves a tool at its first version (pinned); under open it leaves tools unreviewed until a person decides.",
});

// One entry per server × tool that has central settings or an inventory decision (lib/inventory/). A
// listed tool is shown iff its status is `approved` and its fingerprint equals `approvedFingerprint`, or it
// has no `status` and its server's trust policy is `trust-on-first-use` or `open`.
export const PolicyTool = PolicyToolSetting.extend({
  status: z.enum(["approved", "pending", "blocked"]).optional().meta({
    description: "The tool inventory's status of this server × tool; absent: no decision (the server's trust policy applies). An approved tool whose definition changed is `pending` until re-approved.",
  }),
  approvedFingerprint: z.string().nullable().optional().meta({
    description: "fingerprintTool() of the approved version (\"sha256:\" + hex of the RFC 8785 JSON of name, title, description, schemas, annotations); present with `status`.",
  }),
});
export type PolicyTool = z.infer<typeof PolicyTool>;

export const GetPolicyResponse = z.object({
  gatewayId: z.uuid(),
  patternSyntax: z.literal("glob"),
  approvalRules: z.array(PolicyApprovalRule),
  blockedTools: z
    .array(z.object({ serverPattern: z.string(), toolPattern: z.string(), reason: z.string() }))
    .meta({ description: "Tools to refuse outright: blocked in the tool inventory, and every tool (`*`) of a server under a kill switch. Exact names, glob-escaped." }),
  budgets: z.array(z.unknown()),
  tools: z.array(PolicyTool),
  servers: z.array(z.object({ server: z.string(), trustPolicy: TrustPolicyEnum })).meta({ description: "Servers with their own trust policy." }),
  defaultTrustPolicy: TrustPolicyEnum,
  killSwitch: z
    .object({
      users: z.array(z.string()).meta({ description: "User ids whose calls are refused." }),
      agents: z.array(z.string()).meta({ description: "Agents whose calls are refused." }),
      gateway: z.boolean().meta({ description: "This gateway is switched off: refuse every call." }),
    })
    .meta({ description: "Active kill switches (set and lifted from the dashboard, audited)." }),
});
export type GetPolicyResponse = z.infer<typeof GetPolicyResponse>;

const Name = z.string().trim().min(1).max(200);
export const MAX_TOOL_TIMEOUT_MS = 24 * 60 * 60 * 1000;
export const MAX_RATE_LIMIT_PER_MINUTE = 1_000_000;

// PUT /api/tool-settings — sets one tool's central settings (server and tool are exact names, as the gateway
// reports them). A field left out or null is not set centrally; all three null removes the tool's settings.
export const PutToolSettingBody = z
  .object({
    server: Name,
    tool: Name,
    costPerCallUsd: z
      .union([z.number(), z.string().max(24)])
      .nullable()
      .default(null)
      .transform((v, ctx) => {
        if (v === null) return null;
        const s = typeof v === "number" ? numberToDecimal(v) : /^\d{1,10}(\.\d{1,6})?$/.test(v.trim()) ? v.trim() : null;
        if (s === null || Number(s) > 1_000_000) {
          ctx.addIssue({ code: "custom", message: "must be a non-negative USD amount with at most 6 decimals, up to 1000000" });
          return z.NEVER;
        }
        return s;
      }),
    timeoutMs: z.number().int().min(1).max(MAX_TOOL_TIMEOUT_MS).nullable().default(null),
    rateLimitPerMinute: z.number().int().min(1).max(MAX_RATE_LIMIT_PER_MINUTE).nullable().default(null),
  })
  .strict();
export type PutToolSettingBody = z.infer<typeof PutToolSettingBody>;

// GET /api/tool-settings
export const ToolSettingView = PolicyToolSetting.extend({ updatedAt: z.string() });
export type ToolSettingView = z.infer<typeof ToolSettingView>;
export const FindToolSettingsResponse = z.object({ tools: z.array(ToolSettingView) });
