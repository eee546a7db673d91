import { z } from "zod";

// The gateway's one configuration file (warden-gateway --config FILE). Every object is strict: an unknown
// field is refused with its path, so a typo never silently turns a setting off. Secrets are never literal
// here: the file names the env vars that hold them.

const ENV_NAME = z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, "must be an environment variable name").max(128);
const SERVER_NAME = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/, "letters, digits, '_', '.', '-' (max 64)")
  .refine((s) => !s.includes("__"), "must not contain the namespace separator '__'");

/** `${NAME}` references to env vars inside header values. */
export const ENV_REF = /\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g;

const Headers = z
  .record(z.string().max(128), z.string().max(4096))
  .superRefine((headers, ctx) => {
    for (const [name, value] of Object.entries(headers)) {
      const lower = name.toLowerCase();
      const literal = value.replace(ENV_REF, "").trim();
      if ((lower === "authorization" || lower === "proxy-authorization" || lower === "cookie") && literal !== "" && !/^(Bearer|Basic|Token)$/i.test(literal)) {
        ctx.addIssue({
          code: "custom",
          path: [name],
          message: `header ${name} holds a literal secret; reference an env var instead, e.g. "Bearer \${MY_TOKEN}", or use bearerTokenEnv`,
        });
      }
    }
  });

export const StdioServerConfig = z
  .object({
    type: z.literal("stdio").optional(),
    command: z.string().min(1).max(1024),
    args: z.array(z.string().max(4096)).max(256).default([]),
    /** The child's whole environment besides PATH. Values may reference `${ENV}` of the gateway. */
    env: z.record(ENV_NAME, z.string().max(8192)).default({}),
    cwd: z.string().max(1024).optional(),
  })
  .strict();

export const HttpServerConfig = z
  .object({
    type: z.enum(["http", "streamable-http", "streamableHttp"]).optional(),
    url: z.url({ protocol: /^https?$/ }).max(2048),
    headers: Headers.default({}),
    /** Env var holding a bearer token sent as `Authorization: Bearer …`. */
    bearerTokenEnv: ENV_NAME.optional(),
    /** PEM CA bundle trusted in addition to the system roots. TLS is always verified. */
    caFile: z.string().max(1024).optional(),
    clientCertFile: z.string().max(1024).optional(),
    clientKeyFile: z.string().max(1024).optional(),
  })
  .strict()
  .refine((s) => !!s.clientCertFile === !!s.clientKeyFile, {
    message: "clientCertFile and clientKeyFile go together",
    path: ["clientKeyFile"],
  });

/** stdio when the entry has `command`, HTTP when it has `url`; errors name the offending field of that shape. */
export const UpstreamConfig = z
  .record(z.string(), z.unknown())
  .transform((value, ctx): z.infer<typeof StdioServerConfig> | z.infer<typeof HttpServerConfig> => {
    const shape = "url" in value && !("command" in value) ? HttpServerConfig : StdioServerConfig;
    const parsed = shape.safeParse(value);
    if (parsed.success) return parsed.data;
    for (const issue of parsed.error.issues) {
      if (issue.code === "unrecognized_keys") {
        for (const key of issue.keys) ctx.addIssue({ code: "custom", message: `unknown field "${key}"`, path: [...issue.path, key] });
      } else ctx.addIssue({ code: "custom", message: issue.message, path: issue.path });
    }
    return z.NEVER;
  });

const ToolSettings = z
  .object({
    costPerCallUsd: z.number().min(0).max(1_000_000).optional(),
    timeoutMs: z.number().int().min(1).max(24 * 3600 * 1000).optional(),
    rateLimitPerMinute: z.number().int().min(1).max(1_000_000).optional(),
  })
  .strict();

const Identity = z.object({ userId: z.string().min(1).max(256), team: z.string().min(1).max(256).optional() }).strict();

const Jwt = z
  .object({
    issuer: z.string().min(1).max(2048),
    audience: z.string().min(1).max(2048),
    /** Defaults to the issuer's OIDC discovery document's jwks_uri. */
    jwksUrl: z.url().max(2048).optional(),
    userClaim: z.string().min(1).max(128).default("sub"),
    teamClaim: z.string().min(1).max(128).optional(),
    algorithms: z.array(z.string().max(16)).max(16).optional(),
  })
  .strict();

const StaticToken = z
  .object({
    name: z.string().min(1).max(128),
    /** sha256 hex of the token (`printf %s "$TOKEN" | sha256sum`); the token itself never lives here. */
    sha256: z.string().regex(/^[0-9a-f]{64}$/, "64 lowercase hex characters"),
    userId: z.string().min(1).max(256),
    team: z.string().min(1).max(256).optional(),
  })
  .strict();

/** Output guard modes: secrets/PII (`dlp`) and injected instructions (`injection`) in what tools return. */
export const OUTPUT_DLP_MODES = ["off", "detect", "redact", "block"] as const;
export const OUTPUT_INJECTION_ACTIONS = ["flag", "fence", "hold", "block"] as const;
const OutputGuardOverride = z
  .object({
    /** off: not scanned; detect: flags only; redact (default): spans replaced by [REDACTED:<kind>]; block: the output is replaced by an error. */
    dlp: z.enum(OUTPUT_DLP_MODES).optional(),
    /** flag: flags only; fence (default): wrapped in delimiters with a notice; hold: a reviewer releases it; block: an error. */
    injection: z.enum(OUTPUT_INJECTION_ACTIONS).optional(),
  })
  .strict();
const HEAVY_OUTPUTS_DEFAULT = { enabled: true, maxQueued: 200, maxChars: 16_384, nice: 19 };
const HeavyOutputs = z
  .object({
    /** Default true (with guards.enabled). */
    enabled: z.boolean().default(true),
    /** Outputs waiting for the heavy scan at most; more are dropped and counted (metrics, heartbeat). */
    maxQueued: z.number().int().min(1).max(100_000).default(200),
    /** Characters of one output scanned at most (the heavy rules cost ~175 ms per 3 KB). */
    maxChars: z.number().int().min(256).max(1024 * 1024).default(16_384),
    /** The scanning process's nice value (19: lowest CPU priority). */
    nice: z.number().int().min(0).max(19).default(19),
  })
  .strict();

const OutputGuard = z
  .object({ dlp: z.enum(OUTPUT_DLP_MODES).default("redact"), injection: z.enum(OUTPUT_INJECTION_ACTIONS).default("fence") })
  .strict();

export const GatewayConfig = z
  .object({
    $schema: z.string().max(2048).optional(),
    warden: z
      .object({
        url: z.url({ protocol: /^https?$/ }).max(2048),
        apiKeyEnv: ENV_NAME.default("WARDEN_API_KEY"),
      })
      .strict(),
    mcpServers: z
      .record(SERVER_NAME, UpstreamConfig)
      .refine((s) => Object.keys(s).length > 0, "at least one server")
      .refine((s) => Object.keys(s).length <= 64, "at most 64 servers"),
    listeners: z
      .object({
        http: z
          .object({
            host: z.string().min(1).max(255).default("127.0.0.1"),
            port: z.number().int().min(0).max(65535),
            /** Public base URL (behind a reverse proxy) used in the protected-resource metadata. */
            publicUrl: z.url().max(2048).optional(),
          })
          .strict()
          .optional(),
      })
      .strict()
      .default({}),
    identity: Identity.optional(),
    auth: z
      .object({
        jwt: Jwt.optional(),
        staticTokens: z.array(StaticToken).max(1000).default([]),
      })
      .strict()
      .default({ staticTokens: [] }),
    tools: z
      .record(z.string().regex(/^[^/]+\/[^/]+$/, 'keys are "server/tool"').max(256), ToolSettings)
      .default({}),
    defaults: z
      .object({ timeoutMs: z.number().int().min(1).max(24 * 3600 * 1000).default(60_000) })
      .strict()
      .default({ timeoutMs: 60_000 }),
    spool: z
      .object({
        dir: z.string().min(1).max(1024).default(".warden-gateway/spool"),
        capBytes: z.number().int().min(1024).default(256 * 1024 * 1024),
        whenFull: z.enum(["refuse", "drop"]).default("refuse"),
      })
      .strict()
      .default({ dir: ".warden-gateway/spool", capBytes: 256 * 1024 * 1024, whenFull: "refuse" }),
    /** One token bucket per user across all tools. */
    rateLimits: z
      .object({ perUserPerMinute: z.number().int().min(1).max(1_000_000).optional() })
      .strict()
      .optional(),
    approvals: z
      .object({
        /** Asked of Warden for new approval requests (Warden caps it at the rule's). */
        timeoutSeconds: z.number().int().min(1).max(7 * 24 * 3600).optional(),
        /** Long-poll length per request while waiting (1–60 s). */
        pollSeconds: z.number().int().min(1).max(60).optional(),
        /** How often a waiting client with a progress token gets a progress notification. */
        progressMs: z.number().int().min(100).max(600_000).optional(),
        /** Expected `iss` of approval tokens (Warden's public URL). */
        issuer: z.string().max(2048).optional(),
        /** 2026-07-28 clients: how long one round of an approval wait lasts before `input_required` (1–300 s, default 50). */
        holdRoundSeconds: z.number().int().min(1).max(300).optional(),
        /** Env var holding the key (≥ 32 bytes) that seals resumable holds; every instance serving the same clients needs the same one. Default: a random key per process (a restart ends open holds). */
        requestStateKeyEnv: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/).max(128).optional(),
      })
      .strict()
      .optional(),
    /** The guards (issue 17, docs/gateway-chain.md "Guards in the gateway"): on by default. */
    guards: z
      .object({
        /** false: no list stage, no params or output guards (the kill switch still applies). */
        enabled: z.boolean().default(true),
        /** What applies to every tool's output unless `tools` says otherwise. */
        outputs: OutputGuard.default({ dlp: "redact", injection: "fence" }),
        /** Per tool, keyed "server/tool" (globs; the first matching key applies); unset fields fall back to `outputs`. */
        tools: z.record(z.string().regex(/^[^/]+\/[^/]+$/, 'keys are "server/tool"').max(256), OutputGuardOverride).default({}),
        /**
         * The heavy rule sets on tool outputs (docs/guards.md "Two speeds"): after a tools/call's result was
         * returned, its text is scanned in a low-priority child process; findings become late flags on the
         * call's event and an alert in Warden. Never delays or changes a call.
         */
        heavyOutputs: HeavyOutputs.default(HEAVY_OUTPUTS_DEFAULT),
      })
      .strict()
      .default({ enabled: true, outputs: { dlp: "redact", injection: "fence" }, tools: {}, heavyOutputs: HEAVY_OUTPUTS_DEFAULT }),
    /** Seconds after which a cached policy counts as stale (reported as fail-open in heartbeats). */
    policyMaxAgeSeconds: z.number().int().min(1).max(7 * 24 * 3600).default(300),
  })
  .strict();

export type GatewayConfig = z.infer<typeof GatewayConfig>;
export type UpstreamConfig = z.infer<typeof UpstreamConfig>;
export type StdioServerConfig = z.infer<typeof StdioServerConfig>;
export type HttpServerConfig = z.infer<typeof HttpServerConfig>;

export function isStdioUpstream(c: UpstreamConfig): c is StdioServerConfig {
  return "command" in c;
}
