import "server-only";
import { db } from "../db";
import type { InventoryTool, ToolSetting } from "../generated/prisma/client";
import { trimDecimal } from "../budgets/usd";
import { TrustPolicy, type Finding, type InventoryToolRow, type ToolStatus } from "./schema";

type ToolWithRelations = InventoryTool & {
  versions: { fingerprint: string; definition: unknown; findings: unknown }[];
  sightings: { gateway: { id: string; name: string } }[];
  serverRow: { trustPolicy: string | null };
  _count: { versions: number };
};

/** Loads what the Tools list and a tool's page show beside the tool rows: calls in 24 h, settings, rules. */
export async function loadToolExtras(tools: { server: string; name: string; approvalRuleId: string | null }[]) {
  const servers = [...new Set(tools.map((t) => t.server))];
  const since = new Date(Date.now() - 24 * 3600_000);
  since.setUTCMinutes(0, 0, 0);
  const [calls, settings, rules] = await Promise.all([
    servers.length
      ? db().rollupHour.groupBy({ by: ["server", "tool"], where: { bucket: { gte: since }, server: { in: servers } }, _sum: { calls: true } })
      : [],
    servers.length ? db().toolSetting.findMany({ where: { server: { in: servers } } }) : [],
    db().approvalRule.findMany({ where: { id: { in: tools.flatMap((t) => (t.approvalRuleId ? [t.approvalRuleId] : [])) } }, select: { id: true } }),
  ]);
  const key = (s: string, t: string) => JSON.stringify([s, t]);
  return {
    calls: new Map(calls.map((c) => [key(c.server, c.tool), c._sum.calls ?? 0])),
    settings: new Map<string, ToolSetting>(settings.map((s) => [key(s.server, s.tool), s])),
    rules: new Set(rules.map((r) => r.id)),
    key,
  };
}

/** One inventory tool as the Tools page lists it (findings and annotations of its current version). */
export function inventoryToolRow(t: ToolWithRelations, extras: Awaited<ReturnType<typeof loadToolExtras>>, defaultTrust: TrustPolicy): InventoryToolRow {
  const current = t.versions.find((v) => v.fingerprint === t.currentFingerprint);
  const definition = (current?.definition ?? {}) as Record<string, unknown>;
  const annotations = definition.annotations && typeof definition.annotations === "object" ? (definition.annotations as Record<string, unknown>) : null;
  const setting = extras.settings.get(extras.key(t.server, t.name));
  const trust = TrustPolicy.safeParse(t.serverRow.trustPolicy);
  return {
    id: t.id,
    server: t.server,
    name: t.name,
    status: (t.status as ToolStatus | null) ?? null,
    statusReason: t.statusReason,
    trustPolicy: trust.success ? trust.data : defaultTrust,
    currentFingerprint: t.currentFingerprint,
    approvedFingerprint: t.approvedFingerprint,
    firstSeenAt: t.firstSeenAt.toISOString(),
    lastSeenAt: t.lastSeenAt.toISOString(),
    gateways: t.sightings.map((s) => s.gateway).sort((a, b) => a.name.localeCompare(b.name)),
    calls24h: extras.calls.get(extras.key(t.server, t.name)) ?? 0,
    findings: (current?.findings ?? []) as Finding[],
    annotations,
    costPerCallUsd: setting?.costPerCallUsd == null ? null : trimDecimal(setting.costPerCallUsd.toFixed(6)),
    needsApproval: t.approvalRuleId !== null && extras.rules.has(t.approvalRuleId),
    versionCount: t._count.versions,
  };
}
