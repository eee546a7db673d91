// The demo organisation: gateways, MCP servers and tools (with their latency, cost, error and risk
// profiles), teams and people. Pure data plus a seeded random generator, shared by the seed and the
// live traffic so both look alike.

export interface DemoTool {
  server: string;
  tool: string;
  /** Median latency in ms. */
  latencyMs: number;
  /** Cost per call in USD (0 for free tools). */
  costUsd: number;
  /** Share of calls that fail. */
  errorRate: number;
  /** Share of calls blocked by the gateway's policy. */
  blockRate?: number;
  /** Risk flags this tool's calls sometimes carry, with their probability. */
  flags?: [flag: string, p: number][];
  /** Relative popularity. */
  weight: number;
  errorTypes?: string[];
  tokens?: boolean;
}

const t = (server: string, tool: string, weight: number, latencyMs: number, costUsd: number, errorRate: number, extra: Partial<DemoTool> = {}): DemoTool => ({
  server,
  tool,
  weight,
  latencyMs,
  costUsd,
  errorRate,
  ...extra,
});

export const DEMO_TOOLS: DemoTool[] = [
  t("github", "search_code", 9, 420, 0, 0.01),
  t("github", "list_issues", 7, 250, 0, 0.01),
  t("github", "create_issue", 3, 380, 0, 0.02),
  t("github", "create_pull_request", 2, 900, 0, 0.03, { flags: [["secret_redacted", 0.02]] }),
  t("github", "merge_pull_request", 0.6, 1200, 0, 0.04, { blockRate: 0.05 }),
  t("slack", "post_message", 6, 180, 0, 0.01, { flags: [["pii_redacted", 0.03]] }),
  t("slack", "search_messages", 4, 320, 0, 0.01),
  t("slack", "list_channels", 2, 120, 0, 0.005),
  t("slack", "upload_file", 0.8, 1400, 0, 0.03),
  t("jira", "search_issues", 5, 450, 0, 0.015),
  t("jira", "create_ticket", 2.5, 520, 0, 0.02),
  t("jira", "update_ticket", 3, 400, 0, 0.02),
  t("postgres", "query", 8, 90, 0, 0.02, { errorTypes: ["syntax_error", "statement_timeout"] }),
  t("postgres", "list_tables", 2, 40, 0, 0.005),
  t("postgres", "describe_table", 2.5, 45, 0, 0.005),
  t("postgres", "execute", 0.7, 220, 0, 0.04, { blockRate: 0.08 }),
  t("filesystem", "read_file", 10, 12, 0, 0.01, { flags: [["secret_redacted", 0.01]] }),
  t("filesystem", "list_directory", 6, 8, 0, 0.005),
  t("filesystem", "write_file", 3, 25, 0, 0.01),
  t("filesystem", "delete_file", 0.4, 15, 0, 0.01, { blockRate: 0.2 }),
  t("stripe", "get_customer", 2, 310, 0, 0.01, { flags: [["pii_redacted", 0.2]] }),
  t("stripe", "list_charges", 1.5, 480, 0, 0.01),
  t("stripe", "create_refund", 0.3, 650, 0, 0.03, { blockRate: 0.1 }),
  t("stripe", "create_invoice", 0.5, 700, 0, 0.02),
  t("aws", "s3_get_object", 4, 140, 0.0004, 0.01),
  t("aws", "s3_put_object", 2, 210, 0.0005, 0.01),
  t("aws", "ec2_describe_instances", 1.5, 600, 0, 0.02),
  t("aws", "lambda_invoke", 1, 1800, 0.0021, 0.05, { errorTypes: ["timeout", "throttled"] }),
  t("google-drive", "search_files", 3, 520, 0, 0.01),
  t("google-drive", "read_document", 3, 640, 0, 0.015, { flags: [["pii_redacted", 0.05]] }),
  t("google-drive", "share_file", 0.4, 480, 0, 0.02, { blockRate: 0.1 }),
  t("salesforce", "query_accounts", 2, 900, 0, 0.02, { flags: [["pii_redacted", 0.15]] }),
  t("salesforce", "update_opportunity", 0.8, 1100, 0, 0.03),
  t("salesforce", "create_lead", 0.6, 950, 0, 0.02),
  t("snowflake", "run_query", 2.5, 3800, 0.042, 0.04, { errorTypes: ["warehouse_suspended", "query_timeout"] }),
  t("snowflake", "list_warehouses", 0.5, 700, 0.001, 0.01),
  t("web", "fetch_url", 6, 850, 0.0002, 0.06, { flags: [["prompt_injection", 0.004]], errorTypes: ["http_404", "dns_failure"] }),
  t("web", "search", 5, 1100, 0.005, 0.02),
  t("llm", "complete", 5, 2600, 0.018, 0.015, { tokens: true, errorTypes: ["rate_limited", "context_too_long"] }),
  t("llm", "embed", 3, 300, 0.0008, 0.005, { tokens: true }),
  t("llm", "summarize", 2, 3400, 0.024, 0.02, { tokens: true }),
  t("pagerduty", "list_incidents", 1, 380, 0, 0.01),
  t("pagerduty", "acknowledge_incident", 0.3, 420, 0, 0.02),
  t("kubernetes", "get_pods", 2, 260, 0, 0.02),
  t("kubernetes", "get_logs", 2, 700, 0, 0.03),
  t("kubernetes", "scale_deployment", 0.2, 900, 0, 0.05, { blockRate: 0.25 }),
];

export const DEMO_GATEWAYS = [
  { name: "edge-prod", description: "Production MCP gateway (engineering agents)", ownerTeam: "platform", share: 0.6 },
  { name: "desktop-agents", description: "Gateway embedded in the desktop agent", ownerTeam: "it", share: 0.3 },
  { name: "edge-staging", description: "Staging gateway: new tools are tried here first", ownerTeam: "platform", share: 0.1 },
] as const;

/** The gateway the live traffic goes through (after the seed, over the real HTTP API). */
export const DEMO_LIVE_GATEWAY = "edge-prod";

export const DEMO_TEAMS = ["payments", "platform", "growth", "support", "data", "security"] as const;

const FIRST = ["alice", "bob", "carol", "dan", "erin", "frank", "grace", "heidi", "ivan", "judy", "ken", "lena", "mike", "nina", "oscar", "peggy", "quinn", "rosa", "sam", "tara", "uma", "victor", "wendy", "xavier", "yusuf", "zoe", "amir", "bea", "chen", "dara", "eli", "fatima", "gus", "hana", "igor", "jin", "kofi", "lars", "maya", "noor"];

export interface DemoUser {
  userId: string;
  team: string;
  /** Relative activity. */
  weight: number;
  agent: string;
}

export const DEMO_USERS: DemoUser[] = FIRST.map((name, i) => ({
  userId: `${name}@acme.example`,
  team: DEMO_TEAMS[i % DEMO_TEAMS.length],
  weight: 0.3 + ((i * 37) % 17) / 6,
  agent: ["claude-code", "cursor", "support-copilot", "data-analyst-bot"][i % 4],
}));

/** Incidents the seed injects, at fixed times relative to "now" (start of the hour `hoursAgo` back). */
export const DEMO_INCIDENTS = {
  errorSpike: { hoursAgo: 48, minutes: 60, server: "postgres", tool: "query", errorRate: 0.65, errorType: "connection_refused", what: "postgres.query fails for most calls" },
  costSpike: { hoursAgo: 5 * 24 + 3, minutes: 180, server: "snowflake", tool: "run_query", costFactor: 25, userId: "chen@acme.example", what: "a runaway analysis runs huge Snowflake queries" },
  userBurst: { hoursAgo: 26, minutes: 45, userId: "jin@acme.example", factor: 40, what: "one user's agent loops over filesystem and GitHub tools" },
  promptInjection: { hoursAgo: 72, minutes: 30, server: "web", tool: "fetch_url", calls: 160, what: "a poisoned web page carries prompt injections" },
} as const;

/**
 * The detector replay right after a seed (lib/demo/start-demo.ts): from a few hours before the oldest
 * incident (each begins up to an hour before its `hoursAgo`) to now, one run every 5 simulated minutes
 * (the risk-flag window of a run then covers every minute since the previous one).
 */
export const DEMO_REPLAY = {
  hours: Math.max(...Object.values(DEMO_INCIDENTS).map((i) => i.hoursAgo)) + 6,
  stepMinutes: 5,
};

/** Calls per hour for the whole organisation at this time: daily and weekly rhythm (UTC office hours). */
export function orgCallsPerHour(at: Date, base = 420): number {
  const h = at.getUTCHours() + at.getUTCMinutes() / 60;
  const day = at.getUTCDay();
  const office = Math.exp(-((h - 14) ** 2) / (2 * 3.2 ** 2)); // peak mid-afternoon UTC
  const evening = 0.35 * Math.exp(-((h - 20) ** 2) / (2 * 2 ** 2));
  const daily = 0.06 + office + evening;
  const weekly = day === 0 || day === 6 ? 0.22 : day === 5 ? 0.85 : 1;
  return base * daily * weekly;
}

/**
 * The live demo's rhythm at this time, as a share of its weekday peak: the seeded history's daily and
 * weekly rhythm, but never below `LIVE_FLOOR` of the peak, so a Warden first started on a Sunday night
 * still shows live calls (≈40 an hour on the live gateway) and an approval now and then, not nothing.
 */
export const LIVE_FLOOR = 0.15;
export function liveRhythm(at: Date): number {
  const peak = orgCallsPerHour(new Date(Date.UTC(2026, 0, 1, 14)));
  return Math.max(LIVE_FLOOR, orgCallsPerHour(at) / peak);
}

/** Deterministic PRNG (mulberry32). */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let x = a;
    x = Math.imul(x ^ (x >>> 15), x | 1);
    x ^= x + Math.imul(x ^ (x >>> 7), x | 61);
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
}

/** Picks by weight. */
export function weighted<T>(items: readonly T[], weightOf: (t: T) => number, rnd: () => number): T {
  let total = 0;
  for (const it of items) total += weightOf(it);
  let r = rnd() * total;
  for (const it of items) {
    r -= weightOf(it);
    if (r <= 0) return it;
  }
  return items[items.length - 1];
}

/** Poisson-distributed count with mean lambda (small lambdas; normal approximation past 50). */
export function poisson(lambda: number, rnd: () => number): number {
  if (lambda <= 0) return 0;
  if (lambda > 50) return Math.max(0, Math.round(lambda + Math.sqrt(lambda) * gaussian(rnd)));
  const l = Math.exp(-lambda);
  let k = 0;
  let p = 1;
  do {
    k++;
    p *= rnd();
  } while (p > l);
  return k - 1;
}

export function gaussian(rnd: () => number): number {
  return Math.sqrt(-2 * Math.log(rnd() || 1e-12)) * Math.cos(2 * Math.PI * rnd());
}
