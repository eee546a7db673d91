import type { ApiKey } from "../generated/prisma/client";

/** A key as lists show it: the public prefix, never the secret or its hash. */
export function apiKeyView(k: ApiKey) {
  return {
    id: k.id,
    gatewayId: k.gatewayId,
    name: k.name,
    prefix: `wdn_${k.prefix}_…`,
    scopes: k.scopes,
    expiresAt: k.expiresAt,
    revokedAt: k.revokedAt,
    lastUsedAt: k.lastUsedAt,
    createdAt: k.createdAt,
  };
}
export type ApiKeyView = ReturnType<typeof apiKeyView>;
