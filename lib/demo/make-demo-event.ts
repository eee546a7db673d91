import { DEMO_TOOLS, DEMO_USERS, gaussian, weighted, type DemoTool, type DemoUser } from "./demo-catalog";
import type { IngestEvent } from "../ingest/schema";

const uuidOf = (rnd: () => number): string => {
  const hex = Array.from({ length: 32 }, () => Math.floor(rnd() * 16).toString(16));
  hex[12] = "4";
  hex[16] = ((parseInt(hex[16], 16) & 0x3) | 0x8).toString(16);
  const s = hex.join("");
  return `${s.slice(0, 8)}-${s.slice(8, 12)}-${s.slice(12, 16)}-${s.slice(16, 20)}-${s.slice(20)}`;
};

const PATHS = ["src/api/payments.ts", "README.md", "infra/terraform/main.tf", "docs/runbook.md", "src/lib/auth.ts", "package.json"];

function paramsFor(tool: DemoTool, rnd: () => number): Record<string, unknown> {
  switch (tool.server) {
    case "filesystem":
      return { path: `/workspace/${PATHS[Math.floor(rnd() * PATHS.length)]}` };
    case "github":
      return { repo: ["acme/api", "acme/web", "acme/infra"][Math.floor(rnd() * 3)], query: "retry policy" };
    case "postgres":
    case "snowflake":
      return { sql: "SELECT count(*) FROM orders WHERE created_at > now() - interval '1 day'" };
    case "slack":
      return { channel: ["#eng", "#support", "#payments-oncall"][Math.floor(rnd() * 3)], text: "[redacted]" };
    case "web":
      return { url: ["https://docs.python.org/3/", "https://status.example.com", "https://blog.example.net/post"][Math.floor(rnd() * 3)] };
    case "llm":
      return { model: "claude-sonnet", maxTokens: 1024 };
    default:
      return { id: Math.floor(rnd() * 100000) };
  }
}

/** One realistic tool call at `at` (ms), optionally forcing tool, user or outcome. */
export function makeDemoEvent(
  at: number,
  rnd: () => number,
  opts: { tool?: DemoTool; user?: DemoUser; errorRate?: number; errorType?: string; costFactor?: number; flags?: string[] } = {},
): IngestEvent {
  const tool = opts.tool ?? weighted(DEMO_TOOLS, (x) => x.weight, rnd);
  const user = opts.user ?? weighted(DEMO_USERS, (u) => u.weight, rnd);
  const latency = Math.max(1, Math.round(tool.latencyMs * Math.exp(0.6 * gaussian(rnd))));
  const errorRate = opts.errorRate ?? tool.errorRate;
  const roll = rnd();
  let status: IngestEvent["status"] = "ok";
  if (roll < (tool.blockRate ?? 0)) status = "blocked";
  else if (roll < (tool.blockRate ?? 0) + errorRate) status = latency > tool.latencyMs * 3 && rnd() < 0.3 ? "timeout" : "error";
  else if (roll > 0.9985) status = "denied";
  const flags = new Set(opts.flags ?? []);
  for (const [flag, p] of tool.flags ?? []) if (rnd() < p) flags.add(flag);
  const inputTokens = tool.tokens ? Math.round(400 + rnd() * 3000) : undefined;
  const outputTokens = tool.tokens ? Math.round(100 + rnd() * 900) : undefined;
  const cost = tool.costUsd * (opts.costFactor ?? 1) * (0.5 + rnd());
  return {
    id: uuidOf(rnd),
    timestamp: new Date(at).toISOString(),
    userId: user.userId,
    team: user.team,
    agent: user.agent,
    sessionId: `sess-${user.userId.split("@")[0]}-${Math.floor(at / 3_600_000) % 1000}`,
    server: tool.server,
    tool: tool.tool,
    status,
    errorType: status === "error" ? (opts.errorType ?? tool.errorTypes?.[Math.floor(rnd() * tool.errorTypes.length)] ?? "upstream_error") : status === "timeout" ? "timeout" : undefined,
    durationMs: status === "blocked" || status === "denied" ? 0 : status === "timeout" ? 30_000 : latency,
    costUsd: cost > 0 && status !== "blocked" ? Math.round(cost * 1e6) / 1e6 : undefined,
    inputTokens,
    outputTokens,
    riskFlags: [...flags],
    params: paramsFor(tool, rnd),
    resultSummary: status === "ok" ? "ok" : status === "blocked" ? "blocked by gateway policy" : undefined,
  };
}
