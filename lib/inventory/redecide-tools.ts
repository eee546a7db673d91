import "server-only";
import type { Prisma } from "../generated/prisma/client";
import { decideTrustChangeStatus } from "./decide-tool-status";
import type { RedecidedTool, ToolStatus, TrustPolicy } from "./schema";

/**
 * Re-decides the known tools of the servers matched by `servers` now that their trust policy is
 * `trustPolicy` (lib/inventory/decide-tool-status.ts#decideTrustChangeStatus), inside the caller's
 * transaction: only tools the policy alone had decided (pending since first seen, or unreviewed) can move.
 * `dryRun` returns what would change without writing (the dashboard's confirmation previews it). Each update
 * is conditional on the state read, so a tool a gateway changed meanwhile is left alone (and not listed).
 */
export async function redecideTools(
  tx: Prisma.TransactionClient,
  opts: { servers: Prisma.InventoryServerWhereInput; trustPolicy: TrustPolicy; now: Date; dryRun: boolean },
): Promise<RedecidedTool[]> {
  const rows = await tx.inventoryTool.findMany({
    where: { serverRow: opts.servers, OR: [{ status: null }, { status: "pending", approvedFingerprint: null }] },
    orderBy: [{ server: "asc" }, { name: "asc" }],
  });
  const out: RedecidedTool[] = [];
  for (const row of rows) {
    const state = { status: row.status as ToolStatus | null, statusReason: row.statusReason, approvedFingerprint: row.approvedFingerprint };
    const next = decideTrustChangeStatus({ state, trustPolicy: opts.trustPolicy, fingerprint: row.currentFingerprint });
    if (!next) continue;
    if (!opts.dryRun) {
      const approved = next.status === "approved";
      const moved = await tx.inventoryTool.updateMany({
        where: { id: row.id, status: row.status, approvedFingerprint: null, currentFingerprint: row.currentFingerprint },
        data: { ...next, approvedAt: approved ? opts.now : null, approvedBy: approved ? `trust policy: ${opts.trustPolicy}` : null },
      });
      if (moved.count === 0) continue;
    }
    out.push({ id: row.id, server: row.server, tool: row.name, from: state.status, to: next.status, fingerprint: row.currentFingerprint });
  }
  return out;
}
