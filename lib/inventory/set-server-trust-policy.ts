import "server-only";
import { db } from "../db";
import { recordAudit, type AuditActor } from "../audit/record-audit";
import { TX_OPTIONS } from "../gateways/tx-options";
import { PutServerTrustBody, type TrustPolicy } from "./schema";

/**
 * PUT /api/inventory/servers/{server}/trust: a server's trust policy (null: back to the default). It may be
 * set before any gateway reported the server. It decides the status of tools first seen afterwards (and,
 * for tools without a decision, what gateways do); it never approves or blocks a known tool. Audited.
 */
export async function setServerTrustPolicy(opts: { server: string; input: PutServerTrustBody; actor: AuditActor }): Promise<{ server: string; trustPolicy: TrustPolicy | null }> {
  const input = PutServerTrustBody.parse(opts.input);
  const server = opts.server.trim();
  return db().$transaction(async (tx) => {
    const before = await tx.inventoryServer.findUnique({ where: { name: server } });
    await tx.inventoryServer.upsert({ where: { name: server }, create: { name: server, trustPolicy: input.trustPolicy }, update: { trustPolicy: input.trustPolicy } });
    await recordAudit(tx, {
      actor: opts.actor,
      action: "inventory.server.trust_policy",
      targetType: "inventory_server",
      targetId: server,
      before: { trustPolicy: before?.trustPolicy ?? null },
      after: { trustPolicy: input.trustPolicy },
    });
    return { server, trustPolicy: input.trustPolicy };
  }, TX_OPTIONS);
}
