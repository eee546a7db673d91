import "server-only";
import { db } from "../db";
import type { Prisma } from "../generated/prisma/client";
import { publish } from "../realtime/publish";
import { dispatchAlertNotifications } from "../alerts/dispatch-alert-notifications";
import { recordToolInventory } from "../inventory/record-tool-inventory";
import { scanToolVersionsHeavy } from "../inventory/scan-tool-versions-heavy";
import { hashToolList } from "./hash-tool-list";
import { PutToolsBody, type PutToolsResponse } from "./schema";
import { TX_OPTIONS } from "./tx-options";

/**
 * PUT /api/v1/tools: stores each upstream server's latest tools/list for this gateway (jsonb, as listed)
 * with the SHA-256 of its canonical JSON. `updatedAt` moves only when the list changed; `reportedAt` on
 * every report. Servers missing from the body keep their last list. The tool inventory is built from the
 * same report in the same transaction (lib/inventory/record-tool-inventory.ts).
 */
export async function recordToolLists(opts: { gatewayId: string; input: PutToolsBody; now?: Date }): Promise<PutToolsResponse> {
  const input = PutToolsBody.parse(opts.input);
  const now = opts.now ?? new Date();
  const servers = await db().$transaction(async (tx) => {
    const known = await tx.gatewayToolList.findMany({
      where: { gatewayId: opts.gatewayId, server: { in: input.servers.map((s) => s.server) } },
      select: { server: true, toolsHash: true },
    });
    const hashOf = new Map(known.map((k) => [k.server, k.toolsHash]));
    const out: PutToolsResponse["servers"] = [];
    for (const s of input.servers) {
      const toolsHash = hashToolList(s.tools);
      const changed = hashOf.get(s.server) !== toolsHash;
      const data = { tools: s.tools as Prisma.InputJsonValue, toolsHash, toolCount: s.tools.length, reportedAt: now, ...(changed ? { updatedAt: now } : {}) };
      await tx.gatewayToolList.upsert({
        where: { gatewayId_server: { gatewayId: opts.gatewayId, server: s.server } },
        create: { gatewayId: opts.gatewayId, server: s.server, ...data, updatedAt: now },
        update: data,
      });
      out.push({ server: s.server, toolCount: s.tools.length, toolsHash, changed });
    }
    const inventory = await recordToolInventory(tx, { gatewayId: opts.gatewayId, servers: input.servers.map((s, i) => ({ ...s, changed: out[i].changed })), now });
    return { out, changedTools: inventory.changedTools, newVersions: inventory.newVersions };
  }, TX_OPTIONS);
  if (servers.out.some((s) => s.changed)) {
    publish("gateways", opts.gatewayId);
    publish("tools");
  }
  if (servers.changedTools > 0) {
    publish("alerts");
    await dispatchAlertNotifications();
  }
  scanToolVersionsHeavy({ versions: servers.newVersions }); // in a worker, after the answer: only adds findings and an alert
  return { servers: servers.out };
}
