import "server-only";
import { z } from "zod";
import { db } from "../db";
import { ApiError } from "../http/errors";
import { getDefaultTrustPolicy } from "./get-default-trust-policy";
import { inventoryToolRow, loadToolExtras } from "./inventory-tool-row";
import type { Finding, InventoryToolDetail } from "./schema";

/** GET /api/inventory/tools/{id}: one tool with every version (newest first), its settings and its status. */
export async function getInventoryTool(opts: { id: string }): Promise<InventoryToolDetail> {
  if (!z.uuid().safeParse(opts.id).success) throw new ApiError("not_found", `No tool ${opts.id}.`);
  const t = await db().inventoryTool.findUnique({
    where: { id: opts.id },
    include: {
      versions: { orderBy: { firstSeenAt: "desc" }, take: 200 },
      sightings: { select: { gateway: { select: { id: true, name: true } } } },
      serverRow: { select: { trustPolicy: true } },
      _count: { select: { versions: true } },
    },
  });
  if (!t) throw new ApiError("not_found", `No tool ${opts.id}.`);
  const [extras, defaultTrust] = await Promise.all([loadToolExtras([t]), getDefaultTrustPolicy()]);
  const row = inventoryToolRow(t, extras, defaultTrust);
  const setting = extras.settings.get(extras.key(t.server, t.name));
  return {
    ...row,
    timeoutMs: setting?.timeoutMs ?? null,
    rateLimitPerMinute: setting?.rateLimitPerMinute ?? null,
    approvedAt: t.approvedAt?.toISOString() ?? null,
    approvedBy: t.approvedBy,
    versions: t.versions.map((v) => ({
      id: v.id,
      fingerprint: v.fingerprint,
      definition: v.definition as Record<string, unknown>,
      findings: v.findings as unknown as Finding[],
      firstSeenAt: v.firstSeenAt.toISOString(),
      lastSeenAt: v.lastSeenAt.toISOString(),
      approved: v.fingerprint === t.approvedFingerprint,
      current: v.fingerprint === t.currentFingerprint,
    })),
  };
}
