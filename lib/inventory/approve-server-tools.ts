import "server-only";
import { db } from "../db";
import { ApiError } from "../http/errors";
import { recordAudit, type AuditActor } from "../audit/record-audit";
import { TX_OPTIONS } from "../gateways/tx-options";
import { approveVersion } from "./approve-tool";
import { ApproveServerToolsBody } from "./schema";

/**
 * POST /api/inventory/servers/{server}/approve-all: "approve all current tools of this server" as one
 * action over the list the reviewer saw (tool → fingerprint). All or nothing: 409 naming every tool that is
 * unknown or whose current version is another one by now. Tools that appeared since are not approved.
 * One audit entry listing them.
 */
export async function approveServerTools(opts: { server: string; input: ApproveServerToolsBody; actor: AuditActor }): Promise<{ server: string; approved: number }> {
  const input = ApproveServerToolsBody.parse(opts.input);
  return db().$transaction(async (tx) => {
    const rows = await tx.inventoryTool.findMany({ where: { server: opts.server, name: { in: input.tools.map((t) => t.tool) } } });
    const byName = new Map(rows.map((r) => [r.name, r]));
    const issues = input.tools.flatMap((t, i) => {
      const row = byName.get(t.tool);
      if (!row) return [{ path: `tools[${i}].tool`, message: `no tool ${t.tool} on server ${opts.server}` }];
      return row.currentFingerprint === t.fingerprint ? [] : [{ path: `tools[${i}].fingerprint`, message: `${t.tool} changed since you looked` }];
    });
    if (issues.length) throw new ApiError("conflict", `Some tools of ${opts.server} changed or are unknown; review the list again.`, { issues });
    for (const t of input.tools) await approveVersion(tx, { tool: byName.get(t.tool)!, fingerprint: t.fingerprint, actor: opts.actor });
    await recordAudit(tx, {
      actor: opts.actor,
      action: "inventory.server.approve_all",
      targetType: "inventory_server",
      targetId: opts.server,
      before: { tools: rows.map((r) => ({ tool: r.name, status: r.status, approvedFingerprint: r.approvedFingerprint })) },
      after: { tools: input.tools.map((t) => ({ tool: t.tool, status: "approved", approvedFingerprint: t.fingerprint })) },
    });
    return { server: opts.server, approved: input.tools.length };
  }, TX_OPTIONS);
}
