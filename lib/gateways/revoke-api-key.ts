import "server-only";
import { db } from "../db";
import { ApiError } from "../http/errors";
import { recordAudit, type AuditActor } from "../audit/record-audit";
import { apiKeyView, type ApiKeyView } from "./api-key-view";
import { TX_OPTIONS } from "./tx-options";
import { isUuid } from "./is-uuid";

/**
 * Revokes a key at once (every instance re-checks revocation on each request). Revoking a revoked key
 * changes nothing and returns it as it is. With `gatewayId`, a key of another gateway is "not found".
 */
export async function revokeApiKey(opts: { keyId: string; gatewayId?: string; actor: AuditActor }): Promise<ApiKeyView> {
  if (!isUuid(opts.keyId) || (opts.gatewayId !== undefined && !isUuid(opts.gatewayId))) {
    throw new ApiError("not_found", `No API key with id ${opts.keyId}.`);
  }
  const where = { id: opts.keyId, ...(opts.gatewayId ? { gatewayId: opts.gatewayId } : {}) };
  const key = await db().$transaction(async (tx) => {
    const before = await tx.apiKey.findFirst({ where });
    if (!before) throw new ApiError("not_found", `No API key with id ${opts.keyId}.`);
    const { count } = await tx.apiKey.updateMany({ where: { ...where, revokedAt: null }, data: { revokedAt: new Date() } });
    if (count === 0) return before;
    const after = await tx.apiKey.findUniqueOrThrow({ where: { id: before.id } });
    await recordAudit(tx, { actor: opts.actor, action: "api_key.revoke", targetType: "api_key", targetId: after.id, before: apiKeyView(before), after: apiKeyView(after) });
    return after;
  }, TX_OPTIONS);
  return apiKeyView(key);
}
