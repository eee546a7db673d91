import { z } from "zod";
import { parseOidcRoleMap } from "./auth/map-oidc-roles";
import { parseServerMap } from "./otlp/parse-server-map";

// Every variable Warden reads, validated once. `.env.example` documents each one.
const EnvSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("production"),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default("0.0.0.0"),
  DATABASE_URL: z.string().url().optional(),
  WARDEN_DATA_DIR: z.string().default("./.warden"),
  WARDEN_PUBLIC_URL: z.string().url().optional(),
  NEXTAUTH_URL: z.string().url().optional(),
  NEXTAUTH_SECRET: z.string().min(32, "must be at least 32 characters").optional(),
  WARDEN_ADMIN_EMAIL: z.string().email().optional(),
  WARDEN_ADMIN_PASSWORD: z.string().min(12, "must be at least 12 characters").optional(),
  WARDEN_DEMO: z.enum(["0", "1"]).optional(),
  WARDEN_RETENTION_DAYS: z.coerce.number().int().min(1).max(3650).default(90),
  WARDEN_JOBS: z.enum(["0", "1"]).default("1"),
  WARDEN_INGEST_RATE_PER_MIN: z.coerce.number().int().min(1).default(12000),
  // OTLP trace receiver (docs/otel.md): the span/resource attributes that name the user and the team (read
  // before enduser.id / user.id), and CLIENT spans' server.address[:port] → server name (`host:port=name,…`).
  WARDEN_OTLP_USER_ATTRIBUTE: z.string().max(200).optional(),
  WARDEN_OTLP_TEAM_ATTRIBUTE: z.string().max(200).optional(),
  WARDEN_OTLP_SERVER_MAP: z
    .string()
    .optional()
    .superRefine((raw, ctx) => {
      try {
        parseServerMap(raw);
      } catch (err) {
        ctx.addIssue({ code: "custom", message: (err as Error).message });
      }
    }),
  // The detector job is scheduled every minute; below 60 it runs the detectors every this many seconds.
  WARDEN_DETECTOR_INTERVAL_SECONDS: z.coerce.number().int().min(1).max(60).default(60),
  // The approval expiry-notice job (warnings, escalation) is scheduled every minute; below 60 it runs every this many seconds.
  WARDEN_APPROVAL_NOTICE_INTERVAL_SECONDS: z.coerce.number().int().min(1).max(60).default(60),
  // Verifies Slack's interactive-button requests to /api/slack/interactions (Slack app → Basic Information).
  SLACK_SIGNING_SECRET: z.string().min(16, "must be at least 16 characters").optional(),
  // First retry of a failed notification delivery after 1–2× this many seconds, doubling with each attempt.
  WARDEN_WEBHOOK_RETRY_SECONDS: z.coerce.number().int().min(1).max(3600).default(5),
  WARDEN_LOGIN_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(1000).default(5),
  WARDEN_LOGIN_LOCK_MINUTES: z.coerce.number().int().min(1).max(1440).default(15),
  WARDEN_TIMEZONE: z.string().default("UTC"),
  WARDEN_TRUST_PROXY: z.enum(["0", "1"]).default("0"),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  WARDEN_METRICS_TOKEN: z.string().min(16, "must be at least 16 characters").optional(),
  WARDEN_METRICS_PORT: z.coerce.number().int().min(1).max(65535).optional(),
  WARDEN_METRICS_HOST: z.string().default("127.0.0.1"),
  OIDC_ISSUER: z.string().url().optional(),
  OIDC_CLIENT_ID: z.string().optional(),
  OIDC_CLIENT_SECRET: z.string().optional(),
  OIDC_DEFAULT_ROLE: z.enum(["admin", "security", "reviewer", "manager", "viewer"]).default("viewer"),
  OIDC_SCOPE: z.string().default("openid email profile"),
  OIDC_GROUPS_CLAIM: z.string().min(1).default("groups"),
  // IdP group → Warden role, e.g. `warden-reviewers=reviewer,warden-admins=admin` (lib/auth/map-oidc-roles.ts).
  OIDC_ROLE_MAP: z
    .string()
    .optional()
    .superRefine((raw, ctx) => {
      if (raw === undefined) return;
      try {
        parseOidcRoleMap(raw);
      } catch (err) {
        ctx.addIssue({ code: "custom", message: (err as Error).message });
      }
    }),
  OIDC_REQUIRE_GROUP: z.enum(["0", "1"]).default("0"),
  SMTP_URL: z.string().url().optional(),
  SMTP_FROM: z.string().optional(),
}).refine((e) => e.OIDC_REQUIRE_GROUP !== "1" || e.OIDC_ROLE_MAP !== undefined, {
  path: ["OIDC_REQUIRE_GROUP"],
  message: "needs OIDC_ROLE_MAP (with no map, every single sign-on user would be refused)",
});

export type Env = z.infer<typeof EnvSchema>;

export class EnvError extends Error {}

/** Parses the environment; throws EnvError naming every bad variable. */
export function parseEnv(source: Record<string, string | undefined> = process.env): Env {
  const cleaned = Object.fromEntries(Object.entries(source).filter(([, v]) => v !== ""));
  const result = EnvSchema.safeParse(cleaned);
  if (!result.success) {
    const lines = result.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`);
    throw new EnvError(`Invalid environment:\n${lines.join("\n")}`);
  }
  return result.data;
}

let cached: Env | undefined;
export function env(): Env {
  cached ??= parseEnv();
  return cached;
}
