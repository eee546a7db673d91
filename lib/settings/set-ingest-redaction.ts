import "server-only";
import { recordAudit, type AuditActor } from "../audit/record-audit";
import { db } from "../db";
import { TX_OPTIONS } from "../gateways/tx-options";
import { forgetIngestRedaction, getIngestRedaction, INGEST_REDACTION_SETTING_KEY } from "./get-ingest-redaction";
import { PutIngestRedactionBody, type IngestRedactionResponse } from "./schema";

/** PUT /api/settings/ingest-redaction: turn the redaction of secrets at ingest on or off. Audited. */
export async function setIngestRedaction(opts: { input: PutIngestRedactionBody; actor: AuditActor }): Promise<IngestRedactionResponse> {
  const input = PutIngestRedactionBody.parse(opts.input);
  const value = input.enabled ? "on" : "off";
  const result = await db().$transaction(async (tx) => {
    const before = (await tx.setting.findUnique({ where: { key: INGEST_REDACTION_SETTING_KEY } }))?.value !== "off";
    await tx.setting.upsert({ where: { key: INGEST_REDACTION_SETTING_KEY }, create: { key: INGEST_REDACTION_SETTING_KEY, value }, update: { value } });
    await recordAudit(tx, { actor: opts.actor, action: "settings.ingest_redaction", targetType: "setting", targetId: INGEST_REDACTION_SETTING_KEY, before: { enabled: before }, after: { enabled: input.enabled } });
    return { enabled: input.enabled };
  }, TX_OPTIONS);
  forgetIngestRedaction();
  await getIngestRedaction({ fresh: true });
  return result;
}
