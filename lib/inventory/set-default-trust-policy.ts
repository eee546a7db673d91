import "server-only";
import { db } from "../db";
import { recordAudit, type AuditActor } from "../audit/record-audit";
import { TX_OPTIONS } from "../gateways/tx-options";
import { DEFAULT_TRUST_SETTING_KEY, getDefaultTrustPolicy } from "./get-default-trust-policy";
import { PutDefaultTrustBody, type TrustPolicy } from "./schema";

/** PUT /api/inventory/default-trust: the trust policy of servers without their own. Audited. */
export async function setDefaultTrustPolicy(opts: { input: PutDefaultTrustBody; actor: AuditActor }): Promise<{ trustPolicy: TrustPolicy }> {
  const input = PutDefaultTrustBody.parse(opts.input);
  return db().$transaction(async (tx) => {
    const before = await getDefaultTrustPolicy(tx);
    await tx.setting.upsert({ where: { key: DEFAULT_TRUST_SETTING_KEY }, create: { key: DEFAULT_TRUST_SETTING_KEY, value: input.trustPolicy }, update: { value: input.trustPolicy } });
    await recordAudit(tx, { actor: opts.actor, action: "inventory.default_trust_policy", targetType: "setting", targetId: DEFAULT_TRUST_SETTING_KEY, before: { trustPolicy: before }, after: { trustPolicy: input.trustPolicy } });
    return { trustPolicy: input.trustPolicy };
  }, TX_OPTIONS);
}
