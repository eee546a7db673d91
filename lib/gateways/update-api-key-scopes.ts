import "server-only";
import { db } from "../db";
import { ApiError } from "../http/errors";
import { recordAudit, type AuditActor } from "../audit/record-audit";
import { API_SCOPES } from "./api-key";
import { apiKeyView, type ApiKeyView } from "./api-key-view";
import { UpdateApiKeyScopesBody } from "./schema";
import { TX_OPTIONS } from "./tx-options";
import { isUuid } from "./is-uuid";

/**
 * Replaces a live key's scopes (in API_SCOPES order, without duplicates), audit-logged with before and
 * after. Takes effect on the key's next request (scopes are read on every request). A revoked key is a 409;
 * with `gatewayId`, a key of another gateway is "not found".
 */
export async function updateApiKeyScopes(opts: { keyId: string; gatewayId?: string; input: UpdateApiKeyScopesBody; actor: AuditActor }): Promise<ApiKeyView> {
  const input = UpdateApiKeyScopesBody.parse(opts.input);
  if (!isUuid(opts.keyId) || (opts.gatewayId !== undefined && !isUuid(opts.gatewayId))) {
    throw new ApiError("not_found", `No API key with id ${opts.keyId}.`);
  }
  const scopes = API_SCOPES.filter((s) => input.scopes.includes(s));
  const where = { id: opts.keyId, ...(opts.gatewayId ? { gatewayId: opts.gatewayId } : {}) };
  const key = await db().$transaction(async (tx) => {
    const before = await tx.apiKey.findFirst({ where });
    if (!before) throw new ApiError("not_found", `No API key with id ${opts.keyId}.`);
    const { count } = await tx.apiKey.updateMany({ where: { ...where, revokedAt: null }, data: { scopes } });
    if (count === 0) throw new ApiError("conflict", "This key is revoked; its scopes can no longer change.");
    const after = await tx.apiKey.findUniqueOrThrow({ where: { id: before.id } });
    await recordAudit(tx, { actor: opts.actor, action: "api_key.update_scopes", targetType: "api_key", targetId: after.id, before: apiKeyView(before), after: apiKeyView(after) });
    return after;
  }, TX_OPTIONS);
  return apiKeyView(key);
}
