import { z } from "zod";

// Contracts of the alerting APIs (session auth): alerts, alert rules, notification channels and the
// webhook host allowlist. The rule configs are also what the detector job reads from alert_rules.config.

export const SEVERITIES = ["info", "warning", "critical"] as const;
export type Severity = (typeof SEVERITIES)[number];
export const SEVERITY_RANK: Record<Severity, number> = { info: 0, warning: 1, critical: 2 };

export const ALERT_STATUSES = ["open", "acknowledged", "resolved"] as const;
export const SUBJECT_TYPES = ["tool", "server", "team", "gateway", "user", "all", "budget", "approval"] as const;

const glob = z.string().trim().min(1).max(200);
const quiet = (d: number) => z.number().int().min(0).max(1440).default(d);
const window = z.number().int().min(1).max(60);

export const ANOMALY_METRICS = ["calls", "error_rate", "cost", "latency"] as const;
export const ANOMALY_DIMENSIONS = ["tool", "server", "team", "gateway", "user"] as const;
const AGG_DIMENSIONS = ["all", "gateway", "server", "tool", "team"] as const;

// One config per rule kind. Every kind has quietMinutes: how long the condition must stay clear before
// the alert resolves itself.
export const RULE_CONFIGS = {
  /** Statistical: the metric per subject vs its usual level for this hour of the week. */
  anomaly: z
    .object({
      metric: z.enum(ANOMALY_METRICS),
      dimensions: z.array(z.enum(ANOMALY_DIMENSIONS)).min(1).max(5).default(["tool", "server", "team", "gateway", "user"]),
      /** z-score needed to fire: higher is quieter. */
      sensitivity: z.number().min(3).max(20).default(5),
      /** Call volume only: also alert when a gateway's traffic collapses. */
      drops: z.boolean().default(true),
      quietMinutes: quiet(10),
    })
    .strict(),
  /** Error rate above X % over W minutes with at least N calls. */
  error_rate: z
    .object({
      thresholdPercent: z.number().gt(0).max(100),
      windowMinutes: window.default(15),
      minCalls: z.number().int().min(1).max(1_000_000).default(20),
      dimension: z.enum(AGG_DIMENSIONS).default("tool"),
      pattern: glob.default("*"),
      quietMinutes: quiet(10),
    })
    .strict(),
  /** Spend above $X in W minutes. */
  spend: z
    .object({
      thresholdUsd: z.number().gt(0).max(1e9),
      windowMinutes: window.default(60),
      dimension: z.enum([...AGG_DIMENSIONS, "user"]).default("all"),
      pattern: glob.default("*"),
      quietMinutes: quiet(10),
    })
    .strict(),
  /** Any call to a tool matching a pattern. */
  tool_call: z.object({ toolPattern: glob, serverPattern: glob.default("*"), quietMinutes: quiet(15) }).strict(),
  /** Any event carrying a risk flag. */
  risk_flag: z.object({ flag: z.string().trim().min(1).max(100), toolPattern: glob.default("*"), quietMinutes: quiet(15) }).strict(),
  /** First call to a server or a tool never seen before. */
  first_use: z.object({ what: z.enum(["tool", "server"]), quietMinutes: quiet(60) }).strict(),
  /** A gateway (busy in the last day) that sent no event for W minutes. */
  gateway_silent: z.object({ windowMinutes: z.number().int().min(1).max(1440).default(15), gatewayPattern: glob.default("*"), quietMinutes: quiet(0) }).strict(),
  /** Params of a tool with keys never seen, or much larger than ever seen. */
  new_params: z
    .object({
      toolPattern: glob,
      /** How many times the largest size seen before counts as "never seen". */
      sizeFactor: z.number().min(1.1).max(1000).default(3),
      /** Calls of the tool to learn from before alerting. */
      minSamples: z.number().int().min(1).max(100_000).default(20),
      quietMinutes: quiet(30),
    })
    .strict(),
} as const;

export type RuleKind = keyof typeof RULE_CONFIGS;
export const RULE_KINDS = Object.keys(RULE_CONFIGS) as RuleKind[];
export type RuleConfig<K extends RuleKind> = z.infer<(typeof RULE_CONFIGS)[K]>;

const ruleBase = {
  name: z.string().trim().min(1).max(120),
  severity: z.enum(SEVERITIES).default("warning"),
  enabled: z.boolean().default(true),
};

// POST /api/alert-rules
export const CreateAlertRuleBody = z.discriminatedUnion("kind", [
  z.object({ ...ruleBase, kind: z.literal("anomaly"), config: RULE_CONFIGS.anomaly }).strict(),
  z.object({ ...ruleBase, kind: z.literal("error_rate"), config: RULE_CONFIGS.error_rate }).strict(),
  z.object({ ...ruleBase, kind: z.literal("spend"), config: RULE_CONFIGS.spend }).strict(),
  z.object({ ...ruleBase, kind: z.literal("tool_call"), config: RULE_CONFIGS.tool_call }).strict(),
  z.object({ ...ruleBase, kind: z.literal("risk_flag"), config: RULE_CONFIGS.risk_flag }).strict(),
  z.object({ ...ruleBase, kind: z.literal("first_use"), config: RULE_CONFIGS.first_use }).strict(),
  z.object({ ...ruleBase, kind: z.literal("gateway_silent"), config: RULE_CONFIGS.gateway_silent }).strict(),
  z.object({ ...ruleBase, kind: z.literal("new_params"), config: RULE_CONFIGS.new_params }).strict(),
]);
export type CreateAlertRuleBody = z.infer<typeof CreateAlertRuleBody>;

// PATCH /api/alert-rules/{id} — config is checked against the rule's kind; snooze with snoozedUntil (null to wake).
export const UpdateAlertRuleBody = z
  .object({
    name: ruleBase.name.optional(),
    severity: z.enum(SEVERITIES).optional(),
    enabled: z.boolean().optional(),
    muted: z.boolean().optional(),
    snoozedUntil: z.iso.datetime({ offset: true }).nullable().optional(),
    config: z.record(z.string(), z.unknown()).optional(),
  })
  .strict();
export type UpdateAlertRuleBody = z.infer<typeof UpdateAlertRuleBody>;

/** Parses a stored or submitted config for its kind (defaults filled in). */
export function parseRuleConfig<K extends RuleKind>(kind: K, config: unknown): RuleConfig<K> {
  return RULE_CONFIGS[kind].parse(config ?? {}) as RuleConfig<K>;
}

export const isRuleKind = (k: string): k is RuleKind => Object.hasOwn(RULE_CONFIGS, k);

// GET /api/alerts?status=&severity=&subjectType=&q=&ruleId=&limit=
export const ListAlertsQuery = z.object({
  status: z.enum([...ALERT_STATUSES, "active", "all"]).default("active"),
  severity: z.enum(SEVERITIES).optional(),
  subjectType: z.enum(SUBJECT_TYPES).optional(),
  ruleId: z.uuid().optional(),
  q: z.string().trim().min(1).max(200).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});
export type ListAlertsQuery = z.infer<typeof ListAlertsQuery>;

// POST /api/alerts/{id}/acknowledge, POST /api/alerts/{id}/resolve
export const AlertActionBody = z.object({ comment: z.string().trim().max(2000).optional() }).strict();
export type AlertActionBody = z.infer<typeof AlertActionBody>;

// GET /api/alerts/markers?from&to — anomalies to draw on the overview's charts.
export const AlertMarkersQuery = z.object({
  from: z.iso.datetime({ offset: true }),
  to: z.iso.datetime({ offset: true }),
  subjectType: z.enum(SUBJECT_TYPES).optional(),
  subjectValue: z.string().max(200).optional(),
});
export type AlertMarkersQuery = z.infer<typeof AlertMarkersQuery>;

export const CHANNEL_TYPES = ["webhook", "slack", "email"] as const;
export type ChannelType = (typeof CHANNEL_TYPES)[number];

const channelFields = {
  name: z.string().trim().min(1).max(120),
  url: z.url({ protocol: /^https?$/, error: "must be an http(s) URL" }).max(2000).optional(),
  secret: z.string().min(8).max(200).optional(),
  email: z.email().max(320).optional(),
  minSeverity: z.enum(SEVERITIES).default("warning"),
  /** Only alerts about this kind of subject (null: all). */
  subjectType: z.enum(SUBJECT_TYPES).nullable().default(null),
  enabled: z.boolean().default(true),
};

// POST /api/channels
export const CreateChannelBody = z
  .object({ ...channelFields, type: z.enum(CHANNEL_TYPES) })
  .strict()
  .superRefine((c, ctx) => {
    if ((c.type === "webhook" || c.type === "slack") && !c.url) ctx.addIssue({ code: "custom", path: ["url"], message: "a webhook URL is required" });
    if (c.type === "email" && !c.email) ctx.addIssue({ code: "custom", path: ["email"], message: "an email address is required" });
  });
export type CreateChannelBody = z.infer<typeof CreateChannelBody>;

// PATCH /api/channels/{id} — rotateSecret: a new signing secret, returned once.
export const UpdateChannelBody = z
  .object({
    name: channelFields.name.optional(),
    url: channelFields.url,
    rotateSecret: z.boolean().optional(),
    email: channelFields.email,
    minSeverity: z.enum(SEVERITIES).optional(),
    subjectType: z.enum(SUBJECT_TYPES).nullable().optional(),
    enabled: z.boolean().optional(),
  })
  .strict();
export type UpdateChannelBody = z.infer<typeof UpdateChannelBody>;

// POST /api/allowed-hosts
export const AddAllowedHostBody = z
  .object({
    host: z
      .string()
      .trim()
      .min(1)
      .max(253)
      .regex(/^(\[?[0-9a-fA-F:.]+\]?|[a-zA-Z0-9.-]+)$/, "must be a host name or an IP address, without scheme or port"),
  })
  .strict();
export type AddAllowedHostBody = z.infer<typeof AddAllowedHostBody>;
