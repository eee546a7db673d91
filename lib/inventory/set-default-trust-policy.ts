import "server-only";
import { Prisma } from "../generated/prisma/client";
import { db } from "../db";
import { recordAudit, type AuditActor } from "../audit/record-audit";
import { TX_OPTIONS } from "../gateways/tx-options";
import { DEFAULT_TRUST_SETTING_KEY, getDefaultTrustPolicy } from "./get-default-trust-policy";
import { redecideTools } from "./redecide-tools";
import { PutDefaultTrustBody, type DefaultTrustChange } from "./schema";

/**
 * PUT /api/inventory/default-trust: the trust policy of servers without their own. Like a server's own
 * change (lib/inventory/set-server-trust-policy.ts), it re-decides the known tools of those servers that the
 * policy alone had decided; `dryRun` previews them, `previewed` applies only as previewed (else 409). One
 * audit entry names the policy and the tools it moved.
 */
export async function setDefaultTrustPolicy(opts: { input: PutDefaultTrustBody; actor: AuditActor }): Promise<DefaultTrustChange> {
  const input = PutDefaultTrustBody.parse(opts.input);
  return db().$transaction(async (tx) => {
    const before = await getDefaultTrustPolicy(tx);
    if (!input.dryRun) {
      // Lock the servers that follow the default: a gateway's report of one of them runs before or after this change, never between.
      await tx.$queryRaw(Prisma.sql`SELECT name FROM inventory_servers WHERE trust_policy IS NULL FOR UPDATE`);
      await tx.setting.upsert({ where: { key: DEFAULT_TRUST_SETTING_KEY }, create: { key: DEFAULT_TRUST_SETTING_KEY, value: input.trustPolicy }, update: { value: input.trustPolicy } });
    }
    const redecided = await redecideTools(tx, { servers: { trustPolicy: null }, trustPolicy: input.trustPolicy, now: new Date(), dryRun: input.dryRun, previewed: input.previewed });
    if (!input.dryRun) {
      await recordAudit(tx, {
        actor: opts.actor,
        action: "inventory.default_trust_policy",
        targetType: "setting",
        targetId: DEFAULT_TRUST_SETTING_KEY,
        before: { trustPolicy: before },
        after: { trustPolicy: input.trustPolicy, redecided: { count: redecided.length, tools: redecided.map(({ id: _id, ...t }) => t) } },
      });
    }
    return { trustPolicy: input.trustPolicy, dryRun: input.dryRun, redecided };
  }, TX_OPTIONS);
}
