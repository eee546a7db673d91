import "server-only";
import { db } from "../db";
import { recordAudit, type AuditActor } from "../audit/record-audit";
import { TX_OPTIONS } from "../gateways/tx-options";
import { getDefaultTrustPolicy } from "./get-default-trust-policy";
import { redecideTools } from "./redecide-tools";
import { PutServerTrustBody, type ServerTrustChange } from "./schema";

/**
 * PUT /api/inventory/servers/trust: a server's trust policy (null: back to the default). It may be set
 * before any gateway reported the server. It decides the status of tools first seen afterwards, and
 * re-decides the server's known tools that the policy alone had decided (lib/inventory/redecide-tools.ts):
 * under trust-on-first-use and open the tools pending since first seen are approved at their current
 * version; under review unreviewed tools become pending. Approvals, blocks and changed definitions of
 * approved tools (the rug pull) stand. `dryRun` previews the re-decided tools and writes nothing;
 * `previewed` (that preview, sent back) makes the change apply only as previewed, else 409 and nothing
 * written. One audit entry names the policy and the tools it moved; the statuses are in the policy, so its
 * ETag changes.
 */
export async function setServerTrustPolicy(opts: { server: string; input: PutServerTrustBody; actor: AuditActor }): Promise<ServerTrustChange> {
  const input = PutServerTrustBody.parse(opts.input);
  const server = opts.server.trim();
  return db().$transaction(async (tx) => {
    const before = await tx.inventoryServer.findUnique({ where: { name: server } });
    // The upsert locks the server's row: a gateway's report of it (which upserts it first) runs before or after, never between.
    if (!input.dryRun) await tx.inventoryServer.upsert({ where: { name: server }, create: { name: server, trustPolicy: input.trustPolicy }, update: { trustPolicy: input.trustPolicy } });
    const effective = input.trustPolicy ?? (await getDefaultTrustPolicy(tx));
    const redecided = await redecideTools(tx, { servers: { name: server }, trustPolicy: effective, now: new Date(), dryRun: input.dryRun, previewed: input.previewed });
    if (!input.dryRun) {
      await recordAudit(tx, {
        actor: opts.actor,
        action: "inventory.server.trust_policy",
        targetType: "inventory_server",
        targetId: server,
        before: { trustPolicy: before?.trustPolicy ?? null },
        after: { trustPolicy: input.trustPolicy, redecided: { count: redecided.length, tools: redecided.map(({ id: _id, ...t }) => t) } },
      });
    }
    return { server, trustPolicy: input.trustPolicy, dryRun: input.dryRun, redecided };
  }, TX_OPTIONS);
}
