import "server-only";
import { db } from "../db";
import { ApiError } from "../http/errors";
import { recordAudit, type AuditActor } from "../audit/record-audit";
import { apiKeyView, type ApiKeyView } from "./api-key-view";

/** Revokes a key at once (every instance re-checks revocation on each request). */
export async function revokeApiKey(opts: { keyId: string; actor: AuditActor }): Promise<ApiKeyView> {
  const key = await db().$transaction(async (tx) => {
    const before = await tx.apiKey.findUnique({ where: { id: opts.keyId } });
    if (!before) throw new ApiError("not_found", `No API key with id ${opts.keyId}.`);
    if (before.revokedAt) return before;
    const after = await tx.apiKey.update({ where: { id: opts.keyId }, data: { revokedAt: new Date() } });
    await recordAudit(tx, { actor: opts.actor, action: "api_key.revoke", targetType: "api_key", targetId: after.id, before: apiKeyView(before), after: apiKeyView(after) });
    return after;
  });
  return apiKeyView(key);
}
