import "server-only";
import { db } from "../db";
import { ApiError } from "../http/errors";
import { recordAudit, type AuditActor } from "../audit/record-audit";
import { API_SCOPES, generateApiKey } from "./api-key";
import { apiKeyView, type ApiKeyView } from "./api-key-view";
import { RotateApiKeyBody } from "./schema";
import { TX_OPTIONS } from "./tx-options";
import { isUuid } from "./is-uuid";

/**
 * Replaces a live key by a new one with the same name, scopes and expiry. The old key is revoked at
 * once, or, with `graceSeconds`, keeps working until then (so gateways can be redeployed without a gap).
 * The new key's plaintext is returned once.
 */
export async function rotateApiKey(opts: {
  keyId: string;
  gatewayId?: string;
  input?: RotateApiKeyBody;
  actor: AuditActor & { id?: string | null };
}): Promise<{ key: ApiKeyView; apiKey: string; previous: ApiKeyView }> {
  const input = RotateApiKeyBody.parse(opts.input ?? {});
  if (!isUuid(opts.keyId) || (opts.gatewayId !== undefined && !isUuid(opts.gatewayId))) {
    throw new ApiError("not_found", `No API key with id ${opts.keyId}.`);
  }
  const where = { id: opts.keyId, ...(opts.gatewayId ? { gatewayId: opts.gatewayId } : {}) };
  const generated = generateApiKey();
  const now = new Date();
  return db().$transaction(async (tx) => {
    const before = await tx.apiKey.findFirst({ where });
    if (!before) throw new ApiError("not_found", `No API key with id ${opts.keyId}.`);
    const graceEnd = input.graceSeconds ? new Date(now.getTime() + input.graceSeconds * 1000) : null;
    const retire = graceEnd
      ? { expiresAt: before.expiresAt && before.expiresAt < graceEnd ? before.expiresAt : graceEnd }
      : { revokedAt: now };
    // Only a live key can be rotated: the conditional update is the check.
    const { count } = await tx.apiKey.updateMany({
      where: { ...where, revokedAt: null, OR: [{ expiresAt: null }, { expiresAt: { gt: now } }] },
      data: retire,
    });
    if (count === 0) throw new ApiError("conflict", "This key is revoked or expired; create a new key instead.");
    const previous = await tx.apiKey.findUniqueOrThrow({ where: { id: before.id } });
    const created = await tx.apiKey.create({
      data: {
        gatewayId: before.gatewayId,
        name: before.name,
        prefix: generated.prefix,
        secretHash: generated.secretHash,
        scopes: before.scopes.length ? before.scopes : [...API_SCOPES],
        expiresAt: before.expiresAt,
        createdById: opts.actor.id ?? null,
      },
    });
    await recordAudit(tx, {
      actor: opts.actor,
      action: "api_key.rotate",
      targetType: "api_key",
      targetId: before.id,
      before: apiKeyView(before),
      after: { previous: apiKeyView(previous), replacement: apiKeyView(created) },
    });
    return { key: apiKeyView(created), apiKey: generated.plaintext, previous: apiKeyView(previous) };
  }, TX_OPTIONS);
}
