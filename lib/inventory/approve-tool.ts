import "server-only";
import { z } from "zod";
import { db } from "../db";
import { ApiError } from "../http/errors";
import { recordAudit, type AuditActor } from "../audit/record-audit";
import { TX_OPTIONS } from "../gateways/tx-options";
import type { Prisma } from "../generated/prisma/client";
import { ApproveToolBody } from "./schema";
import { toolChangedKey } from "./tool-changed-alert";

/**
 * POST /api/inventory/tools/{id}/approve: approves the tool's current version — the one the reviewer saw,
 * named by its fingerprint (409 when the tool changed since). Gateways then show it at exactly that
 * fingerprint. Resolves the tool's open "definition changed" alert. Audited.
 */
export async function approveTool(opts: { id: string; input: ApproveToolBody; actor: AuditActor }): Promise<{ id: string; status: "approved"; approvedFingerprint: string }> {
  const input = ApproveToolBody.parse(opts.input);
  if (!z.uuid().safeParse(opts.id).success) throw new ApiError("not_found", `No tool ${opts.id}.`);
  return db().$transaction(async (tx) => {
    const before = await tx.inventoryTool.findUnique({ where: { id: opts.id } });
    if (!before) throw new ApiError("not_found", `No tool ${opts.id}.`);
    await approveVersion(tx, { tool: before, fingerprint: input.fingerprint, actor: opts.actor });
    await recordAudit(tx, {
      actor: opts.actor,
      action: "inventory.tool.approve",
      targetType: "inventory_tool",
      targetId: before.id,
      before: { server: before.server, tool: before.name, status: before.status, approvedFingerprint: before.approvedFingerprint },
      after: { server: before.server, tool: before.name, status: "approved", approvedFingerprint: input.fingerprint },
    });
    return { id: before.id, status: "approved" as const, approvedFingerprint: input.fingerprint };
  }, TX_OPTIONS);
}

/** Approves `fingerprint` if it is still the tool's current version (else 409), and resolves its change alert. */
export async function approveVersion(
  tx: Prisma.TransactionClient,
  opts: { tool: { id: string; server: string; name: string; currentFingerprint: string }; fingerprint: string; actor: AuditActor },
): Promise<void> {
  const moved = await tx.inventoryTool.updateMany({
    where: { id: opts.tool.id, currentFingerprint: opts.fingerprint },
    data: { status: "approved", statusReason: "approved", approvedFingerprint: opts.fingerprint, approvedAt: new Date(), approvedBy: opts.actor.email ?? opts.actor.id ?? null },
  });
  if (moved.count === 0) {
    throw new ApiError("conflict", `${opts.tool.server}/${opts.tool.name} changed since you looked: its current version is ${opts.tool.currentFingerprint}. Review it and approve again.`, {
      issues: [{ path: "fingerprint", message: "is not the tool's current version" }],
    });
  }
  await tx.alert.updateMany({
    where: { openKey: toolChangedKey(opts.tool.id), status: { in: ["open", "acknowledged"] } },
    data: { status: "resolved", openKey: null, resolvedAt: new Date() },
  });
}
