import "server-only";
import { db } from "../db";
import type { Prisma } from "../generated/prisma/client";
import { getDefaultTrustPolicy } from "./get-default-trust-policy";
import { inventoryToolRow, loadToolExtras } from "./inventory-tool-row";
import { FindInventoryToolsQuery, TrustPolicy, type InventoryList } from "./schema";

/**
 * GET /api/inventory/tools: the Tools page — every server × tool across gateways (filter by server,
 * status — `unreviewed` for no status — and a name search; paged), and every server with its trust
 * policy and counts.
 */
export async function findInventoryTools(opts: { query: FindInventoryToolsQuery }): Promise<InventoryList> {
  const q = FindInventoryToolsQuery.parse(opts.query);
  const where: Prisma.InventoryToolWhereInput = {
    ...(q.server ? { server: q.server } : {}),
    ...(q.status ? { status: q.status === "unreviewed" ? null : q.status } : {}),
    ...(q.q ? { OR: [{ name: { contains: q.q, mode: "insensitive" } }, { server: { contains: q.q, mode: "insensitive" } }] } : {}),
  };
  const [defaultTrust, total, rows, serverRows, counts, killed] = await Promise.all([
    getDefaultTrustPolicy(),
    db().inventoryTool.count({ where }),
    db().inventoryTool.findMany({
      where,
      // Decisions first: pending (and changed) tools on top, then blocked, then the rest.
      orderBy: [{ status: { sort: "desc", nulls: "last" } }, { server: "asc" }, { name: "asc" }],
      skip: (q.page - 1) * q.pageSize,
      take: q.pageSize,
      include: {
        versions: { select: { fingerprint: true, definition: true, findings: true }, orderBy: { firstSeenAt: "desc" }, take: 1 },
        sightings: { select: { gateway: { select: { id: true, name: true } } } },
        serverRow: { select: { trustPolicy: true } },
        _count: { select: { versions: true } },
      },
    }),
    db().inventoryServer.findMany({ orderBy: { name: "asc" } }),
    db().inventoryTool.groupBy({ by: ["server", "status"], _count: { _all: true } }),
    db().killSwitch.findMany({ where: { liftedAt: null, kind: "server" }, select: { value: true } }),
  ]);
  // The current version may be older than the newest one (a gateway went back): load it when it is not the newest.
  const missing = rows.filter((r) => r.versions[0]?.fingerprint !== r.currentFingerprint);
  if (missing.length) {
    const current = await db().toolVersion.findMany({
      where: { OR: missing.map((r) => ({ toolId: r.id, fingerprint: r.currentFingerprint })) },
      select: { toolId: true, fingerprint: true, definition: true, findings: true },
    });
    for (const v of current) rows.find((r) => r.id === v.toolId)!.versions = [v];
  }
  const extras = await loadToolExtras(rows);
  const killedServers = new Set(killed.map((k) => k.value));
  const servers = serverRows.map((s) => {
    const of = counts.filter((c) => c.server === s.name);
    const n = (status: string | null) => of.filter((c) => c.status === status).reduce((a, c) => a + c._count._all, 0);
    const trust = TrustPolicy.safeParse(s.trustPolicy);
    return {
      server: s.name,
      trustPolicy: trust.success ? trust.data : defaultTrust,
      explicitTrust: trust.success,
      toolCount: of.reduce((a, c) => a + c._count._all, 0),
      pendingCount: n("pending"),
      blockedCount: n("blocked"),
      killed: killedServers.has(s.name),
    };
  });
  return { tools: rows.map((r) => inventoryToolRow(r, extras, defaultTrust)), total, page: q.page, pageSize: q.pageSize, servers, defaultTrustPolicy: defaultTrust };
}
