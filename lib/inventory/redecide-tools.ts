import "server-only";
import { Prisma } from "../generated/prisma/client";
import { decideTrustChangeStatus } from "./decide-tool-status";
import type { RedecidedTool, ToolStatus, TrustPolicy } from "./schema";

/**
 * Re-decides the known tools of the servers matched by `servers` now that their trust policy is
 * `trustPolicy` (lib/inventory/decide-tool-status.ts#decideTrustChangeStatus), inside the caller's
 * transaction: only tools the policy alone had decided (pending since first seen, or unreviewed) can move.
 * `dryRun` returns what would change without writing (the dashboard's confirmation previews it). The writes
 * are two set-based statements (approve, make pending), each conditional on the state read — the version
 * included — so a tool that changed meanwhile is left alone and not listed.
 */
export async function redecideTools(
  tx: Prisma.TransactionClient,
  opts: { servers: Prisma.InventoryServerWhereInput; trustPolicy: TrustPolicy; now: Date; dryRun: boolean },
): Promise<RedecidedTool[]> {
  const rows = await tx.inventoryTool.findMany({
    where: { serverRow: opts.servers, OR: [{ status: null }, { status: "pending", approvedFingerprint: null }] },
    orderBy: [{ server: "asc" }, { name: "asc" }],
  });
  const changes: RedecidedTool[] = [];
  for (const row of rows) {
    const state = { status: row.status as ToolStatus | null, statusReason: row.statusReason, approvedFingerprint: row.approvedFingerprint };
    const next = decideTrustChangeStatus({ state, trustPolicy: opts.trustPolicy, fingerprint: row.currentFingerprint });
    if (next) changes.push({ id: row.id, server: row.server, tool: row.name, from: state.status, to: next.status, fingerprint: row.currentFingerprint });
  }
  if (opts.dryRun || !changes.length) return changes;

  const moved = new Set<string>();
  const approve = changes.filter((c) => c.to === "approved");
  if (approve.length) {
    const ids = approve.map((c) => c.id);
    const froms = approve.map((c) => c.from ?? "");
    const fingerprints = approve.map((c) => c.fingerprint);
    const approved = await tx.$queryRaw<{ id: string }[]>(Prisma.sql`
      UPDATE inventory_tools AS t
      SET status = 'approved', status_reason = 'trust-policy', approved_fingerprint = x.fp, approved_at = ${opts.now},
          approved_by = ${`trust policy: ${opts.trustPolicy}`}, updated_at = ${opts.now}
      FROM unnest(${ids}::uuid[], ${froms}::text[], ${fingerprints}::text[]) AS x(id, from_status, fp)
      WHERE t.id = x.id AND coalesce(t.status, '') = x.from_status AND t.approved_fingerprint IS NULL AND t.current_fingerprint = x.fp
        AND t.status_reason IS DISTINCT FROM 'changed'
      RETURNING t.id::text AS id`);
    for (const r of approved) moved.add(r.id);
  }
  const pending = changes.filter((c) => c.to === "pending");
  if (pending.length) {
    // Only unreviewed tools become pending (lib/inventory/decide-tool-status.ts).
    const ids = pending.map((c) => c.id);
    const made = await tx.$queryRaw<{ id: string }[]>(Prisma.sql`
      UPDATE inventory_tools SET status = 'pending', status_reason = 'new', updated_at = ${opts.now}
      WHERE id = ANY(${ids}::uuid[]) AND status IS NULL
      RETURNING id::text AS id`);
    for (const r of made) moved.add(r.id);
  }
  return changes.filter((c) => moved.has(c.id));
}
