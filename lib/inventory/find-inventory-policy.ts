import "server-only";
import { db } from "../db";
import { escapeGlob } from "./escape-glob";
import { getDefaultTrustPolicy } from "./get-default-trust-policy";
import { TrustPolicy, type ToolStatus } from "./schema";

export interface InventoryPolicy {
  /** The inventory's decision per server × tool (tools without one — unreviewed under `open` — are absent). */
  tools: { server: string; tool: string; status: ToolStatus; approvedFingerprint: string | null }[];
  servers: { server: string; trustPolicy: TrustPolicy }[];
  defaultTrustPolicy: TrustPolicy;
  blockedTools: { serverPattern: string; toolPattern: string; reason: string }[];
  killSwitch: { users: string[]; agents: string[]; gateway: boolean };
}

/**
 * What GET /api/v1/policy carries from the inventory for one gateway: tool statuses with the approved
 * fingerprint, servers' trust policies, blocked tools (blocked in the inventory, and every tool of a server
 * under a kill switch; patterns are the exact names, escaped) and the active kill switches (users, agents,
 * and whether this gateway itself is switched off). Sorted, so the policy's ETag is stable.
 */
export async function findInventoryPolicy(gateway: { gatewayId: string; gatewayName: string }): Promise<InventoryPolicy> {
  const [tools, servers, defaultTrustPolicy, switches] = await Promise.all([
    db().inventoryTool.findMany({ where: { status: { not: null } }, select: { server: true, name: true, status: true, statusReason: true, approvedFingerprint: true }, orderBy: [{ server: "asc" }, { name: "asc" }] }),
    db().inventoryServer.findMany({ where: { trustPolicy: { not: null } }, select: { name: true, trustPolicy: true }, orderBy: { name: "asc" } }),
    getDefaultTrustPolicy(),
    db().killSwitch.findMany({ where: { liftedAt: null }, orderBy: [{ kind: "asc" }, { value: "asc" }] }),
  ]);
  const blockedTools: InventoryPolicy["blockedTools"] = [];
  for (const k of switches) {
    if (k.kind === "server") blockedTools.push({ serverPattern: escapeGlob(k.value), toolPattern: "*", reason: `kill switch: ${k.reason}` });
  }
  for (const t of tools) {
    if (t.status === "blocked") blockedTools.push({ serverPattern: escapeGlob(t.server), toolPattern: escapeGlob(t.name), reason: "blocked in the tool inventory" });
  }
  return {
    tools: tools.map((t) => ({ server: t.server, tool: t.name, status: t.status as ToolStatus, approvedFingerprint: t.approvedFingerprint })),
    servers: servers.flatMap((s) => {
      const p = TrustPolicy.safeParse(s.trustPolicy);
      return p.success ? [{ server: s.name, trustPolicy: p.data }] : [];
    }),
    defaultTrustPolicy,
    blockedTools,
    killSwitch: {
      users: switches.filter((k) => k.kind === "user").map((k) => k.value),
      agents: switches.filter((k) => k.kind === "agent").map((k) => k.value),
      gateway: switches.some((k) => k.kind === "gateway" && (k.value === gateway.gatewayId || k.value === gateway.gatewayName)),
    },
  };
}
