import "server-only";
import { Prisma } from "../generated/prisma/client";
import { ApiError } from "../http/errors";
import { comparePreviewedTools, type CurrentTool } from "./compare-previewed-tools";
import { decideTrustChangeStatus } from "./decide-tool-status";
import type { PreviewedTool, RedecidedTool, ToolStatus, TrustPolicy } from "./schema";

const NOT_AS_PREVIEWED = "The tools this trust-policy change would move are not the ones previewed; nothing was changed. Preview it again.";

/**
 * Re-decides the known tools of the servers matched by `servers` now that their trust policy is
 * `trustPolicy` (lib/inventory/decide-tool-status.ts#decideTrustChangeStatus), inside the caller's
 * transaction: only tools the policy alone had decided (pending since first seen, or unreviewed) can move.
 * `dryRun` returns what would change without writing (the dashboard's confirmation previews it). The writes
 * are two set-based statements (approve, make pending), each conditional on the state read — the version
 * included — so a tool that changed meanwhile is left alone and not listed.
 * With `previewed` (what the person confirmed: the dry run's list sent back) it moves exactly those tools or
 * throws a 409 naming each difference (lib/inventory/compare-previewed-tools.ts), before writing (a dry run
 * checks too) and after (a tool someone decided between the read and the write), so the caller's
 * transaction rolls back whole.
 */
export async function redecideTools(
  tx: Prisma.TransactionClient,
  opts: { servers: Prisma.InventoryServerWhereInput; trustPolicy: TrustPolicy; now: Date; dryRun: boolean; previewed?: PreviewedTool[] },
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
  if (opts.previewed) await assertAsPreviewed(tx, { previewed: opts.previewed, changes, rows });
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
  if (opts.previewed && moved.size < changes.length) {
    // The previewed tools are the changes (checked above): name the ones a person decided meanwhile.
    const byId = new Map(changes.map((c) => [c.id, c]));
    const issues = opts.previewed.flatMap((p, i) => (moved.has(p.id) ? [] : [{ path: `previewed[${i}]`, message: `${byId.get(p.id)?.server}/${byId.get(p.id)?.tool} was decided by someone else while the change was applied` }]));
    throw new ApiError("conflict", NOT_AS_PREVIEWED, { issues });
  }
  return changes.filter((c) => moved.has(c.id));
}

/** Throws the 409 when `changes` are not the previewed tools; names tools outside `rows` from the database. */
async function assertAsPreviewed(tx: Prisma.TransactionClient, opts: { previewed: PreviewedTool[]; changes: RedecidedTool[]; rows: CurrentToolRow[] }) {
  const tools = new Map<string, CurrentTool>(opts.rows.map((r) => [r.id, toCurrentTool(r)]));
  const others = opts.previewed.map((p) => p.id).filter((id) => !tools.has(id));
  if (others.length) for (const r of await tx.inventoryTool.findMany({ where: { id: { in: others } } })) tools.set(r.id, toCurrentTool(r));
  const issues = comparePreviewedTools({ previewed: opts.previewed, changes: opts.changes, tools });
  if (issues.length) throw new ApiError("conflict", NOT_AS_PREVIEWED, { issues });
}

type CurrentToolRow = { id: string; server: string; name: string; status: string | null; currentFingerprint: string };
const toCurrentTool = (r: CurrentToolRow): CurrentTool => ({ server: r.server, name: r.name, status: r.status as ToolStatus | null, currentFingerprint: r.currentFingerprint });
