import "server-only";
import type { Prisma } from "../generated/prisma/client";

// Dedupe keys of the alerts Warden raises about a gateway's own health (lib/gateways/record-heartbeat.ts,
// lib/gateways/raise-stale-gateway-alerts.ts). One live alert per condition and gateway.
export const failOpenKey = (gatewayId: string, setting: string) => `gateway:${gatewayId}:fail_open:${setting}`;
export const failOpenPrefix = (gatewayId: string) => `gateway:${gatewayId}:fail_open:`;
export const staleKey = (gatewayId: string) => `gateway:${gatewayId}:stale`;
export const lostRecordsKey = (gatewayId: string) => `gateway:${gatewayId}:lost_records`;
export const heavyUnscannedKey = (gatewayId: string) => `gateway:${gatewayId}:heavy_unscanned`;

/** Resolves the live alerts whose key is one of `keys` or starts with `prefix` (the condition is gone). */
export async function resolveGatewayAlerts(tx: Prisma.TransactionClient, where: { keys?: string[]; prefix?: string; keep?: string[] }): Promise<number> {
  const or: Prisma.AlertWhereInput[] = [];
  if (where.keys?.length) or.push({ openKey: { in: where.keys } });
  if (where.prefix) or.push({ openKey: { startsWith: where.prefix } });
  if (!or.length) return 0;
  const { count } = await tx.alert.updateMany({
    where: { OR: or, ...(where.keep?.length ? { NOT: { openKey: { in: where.keep } } } : {}), status: { in: ["open", "acknowledged"] } },
    data: { status: "resolved", openKey: null, resolvedAt: new Date() },
  });
  return count;
}
