import "server-only";
import { db } from "../db";
import { ApiError, isDatabaseUnavailable } from "../http/errors";
import { parseApiKey, secretMatches, type ApiScope } from "./api-key";

export interface AuthenticatedGateway {
  keyId: string;
  gatewayId: string;
  gatewayName: string;
  scopes: string[];
}

/**
 * Resolves `Authorization: Bearer <key>` to its gateway. Checked against the database on every request
 * (one indexed lookup), so a revoked or expired key is refused at once on every instance.
 */
export async function authenticateApiKey(authorization: string | null, scope: ApiScope): Promise<AuthenticatedGateway> {
  const raw = authorization?.match(/^Bearer\s+(\S+)\s*$/i)?.[1];
  if (!raw) throw new ApiError("unauthenticated", "Send the gateway's API key as `Authorization: Bearer <key>`.");
  const parsed = parseApiKey(raw);
  if (!parsed) throw new ApiError("unauthenticated", "The API key is malformed.");
  const key = await db()
    .apiKey.findUnique({ where: { prefix: parsed.prefix }, include: { gateway: { select: { name: true } } } })
    .catch((err: unknown) => {
      throw databaseUnavailable(err) ? new ApiError("unavailable", "The database is unavailable; retry later.", { retryAfterSeconds: 5 }) : err;
    });
  if (!key || !secretMatches(parsed.secret, key.secretHash)) throw new ApiError("unauthenticated", "The API key is not valid.");
  if (key.revokedAt) throw new ApiError("unauthenticated", "The API key was revoked.");
  if (key.expiresAt && key.expiresAt <= new Date()) throw new ApiError("unauthenticated", "The API key has expired.");
  if (!key.scopes.includes(scope)) throw new ApiError("forbidden", `The API key lacks the ${scope} scope.`);
  touch(key.id, key.gatewayId);
  return { keyId: key.id, gatewayId: key.gatewayId, gatewayName: key.gateway.name, scopes: key.scopes };
}

// Prisma reports an unreachable database with its own codes (P1001 can't reach, P1002/P1008 timeouts,
// P1017 connection closed, P2024 no pooled connection in time) rather than the driver's.
const PRISMA_UNAVAILABLE = new Set(["P1001", "P1002", "P1008", "P1017", "P2024"]);
function databaseUnavailable(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return (typeof code === "string" && PRISMA_UNAVAILABLE.has(code)) || isDatabaseUnavailable(err);
}

// last_used_at / last_seen_at: written at most every 10 s per key, off the request's critical path.
const lastTouched = new Map<string, number>();
function touch(keyId: string, gatewayId: string) {
  const now = Date.now();
  if ((lastTouched.get(keyId) ?? 0) > now - 10_000) return;
  lastTouched.set(keyId, now);
  const at = new Date(now);
  void Promise.all([
    db().apiKey.updateMany({ where: { id: keyId }, data: { lastUsedAt: at } }),
    db().gateway.updateMany({ where: { id: gatewayId }, data: { lastSeenAt: at } }),
  ]).catch(() => undefined);
}
