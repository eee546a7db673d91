import "server-only";
import { db } from "../db";
import type { Prisma } from "../generated/prisma/client";
import { ApiError } from "../http/errors";
import { recordAudit, type AuditActor } from "../audit/record-audit";
import { API_SCOPES, generateApiKey } from "./api-key";
import { apiKeyView, type ApiKeyView } from "./api-key-view";
import { CreateApiKeyBody } from "./schema";
import { TX_OPTIONS } from "./tx-options";
import { isUuid } from "./is-uuid";

/** Creates a key for a gateway. The plaintext is returned once and never stored. */
export async function createApiKey(opts: {
  gatewayId: string;
  input?: CreateApiKeyBody;
  actor: AuditActor & { id?: string | null };
  tx?: Prisma.TransactionClient;
}): Promise<{ key: ApiKeyView; apiKey: string }> {
  if (!isUuid(opts.gatewayId)) throw new ApiError("not_found", `No gateway with id ${opts.gatewayId}.`);
  const input = CreateApiKeyBody.parse(opts.input ?? {});
  if (input.expiresAt && new Date(input.expiresAt) <= new Date()) {
    throw new ApiError("invalid_request", "expiresAt must be in the future.", { issues: [{ path: "expiresAt", message: "must be in the future" }] });
  }
  const generated = generateApiKey();
  const work = async (tx: Prisma.TransactionClient) => {
    const gateway = await tx.gateway.findUnique({ where: { id: opts.gatewayId } });
    if (!gateway) throw new ApiError("not_found", `No gateway with id ${opts.gatewayId}.`);
    const key = await tx.apiKey.create({
      data: {
        gatewayId: gateway.id,
        name: input.name,
        prefix: generated.prefix,
        secretHash: generated.secretHash,
        scopes: input.scopes ?? [...API_SCOPES],
        expiresAt: input.expiresAt ? new Date(input.expiresAt) : null,
        createdById: opts.actor.id ?? null,
      },
    });
    await recordAudit(tx, { actor: opts.actor, action: "api_key.create", targetType: "api_key", targetId: key.id, after: apiKeyView(key) });
    return key;
  };
  const key = opts.tx ? await work(opts.tx) : await db().$transaction(work, TX_OPTIONS);
  return { key: apiKeyView(key), apiKey: generated.plaintext };
}
