import "server-only";
import { db } from "../db";
import { recordAudit, type AuditActor } from "../audit/record-audit";
import { TX_OPTIONS } from "../gateways/tx-options";
import { PutToolSettingBody, type ToolSettingView } from "./schema";
import { toolSettingView } from "./tool-setting-view";

/**
 * Sets one tool's central settings (cost per call, timeout, rate limit), which every gateway receives in
 * GET /api/v1/policy (its ETag changes) and which override the gateway's config. All three null removes
 * them. Audit-logged with before and after. Returns the settings, or null once removed.
 */
export async function setToolSetting(opts: { input: PutToolSettingBody; actor: AuditActor }): Promise<ToolSettingView | null> {
  const input = PutToolSettingBody.parse(opts.input);
  const key = { server_tool: { server: input.server, tool: input.tool } };
  const empty = input.costPerCallUsd === null && input.timeoutMs === null && input.rateLimitPerMinute === null;
  return db().$transaction(async (tx) => {
    const before = await tx.toolSetting.findUnique({ where: key });
    if (empty) {
      if (!before) return null;
      await tx.toolSetting.delete({ where: key });
      await recordAudit(tx, { actor: opts.actor, action: "tool_setting.delete", targetType: "tool_setting", targetId: before.id, before: toolSettingView(before) });
      return null;
    }
    const data = { costPerCallUsd: input.costPerCallUsd, timeoutMs: input.timeoutMs, rateLimitPerMinute: input.rateLimitPerMinute };
    const after = await tx.toolSetting.upsert({ where: key, create: { server: input.server, tool: input.tool, ...data }, update: data });
    await recordAudit(tx, {
      actor: opts.actor,
      action: before ? "tool_setting.update" : "tool_setting.create",
      targetType: "tool_setting",
      targetId: after.id,
      before: before ? toolSettingView(before) : undefined,
      after: toolSettingView(after),
    });
    return toolSettingView(after);
  }, TX_OPTIONS);
}
