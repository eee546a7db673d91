import "server-only";
import { z } from "zod";
import { db } from "../db";
import { ApiError } from "../http/errors";
import { recordAudit, type AuditActor } from "../audit/record-audit";
import { TX_OPTIONS } from "../gateways/tx-options";
import { BlockToolBody } from "./schema";

/**
 * POST /api/inventory/tools/{id}/block: blocks the tool in every gateway (policy status `blocked` and a
 * `blockedTools` entry), whatever its version, until someone approves a version again. Audited.
 */
export async function blockTool(opts: { id: string; input: BlockToolBody; actor: AuditActor }): Promise<{ id: string; status: "blocked" }> {
  const input = BlockToolBody.parse(opts.input);
  if (!z.uuid().safeParse(opts.id).success) throw new ApiError("not_found", `No tool ${opts.id}.`);
  return db().$transaction(async (tx) => {
    const before = await tx.inventoryTool.findUnique({ where: { id: opts.id } });
    if (!before) throw new ApiError("not_found", `No tool ${opts.id}.`);
    await tx.inventoryTool.update({ where: { id: before.id }, data: { status: "blocked", statusReason: "blocked" } });
    await recordAudit(tx, {
      actor: opts.actor,
      action: "inventory.tool.block",
      targetType: "inventory_tool",
      targetId: before.id,
      before: { server: before.server, tool: before.name, status: before.status },
      after: { server: before.server, tool: before.name, status: "blocked", reason: input.reason || undefined },
    });
    return { id: before.id, status: "blocked" as const };
  }, TX_OPTIONS);
}
