import type { ToolSetting } from "../generated/prisma/client";
import { trimDecimal } from "../budgets/usd";
import type { ToolSettingView } from "./schema";

/** A tool's central settings as the policy, the dashboard and the audit log show them. */
export function toolSettingView(t: ToolSetting): ToolSettingView {
  return {
    server: t.server,
    tool: t.tool,
    costPerCallUsd: t.costPerCallUsd === null ? null : trimDecimal(t.costPerCallUsd.toFixed(6)),
    timeoutMs: t.timeoutMs,
    rateLimitPerMinute: t.rateLimitPerMinute,
    updatedAt: t.updatedAt.toISOString(),
  };
}
