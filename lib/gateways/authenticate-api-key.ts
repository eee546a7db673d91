import "server-only";
import DataLoader from "dataloader";
import { db, pool } from "../db";
import { ApiError, isDatabaseUnavailable } from "../http/errors";
import { parseApiKey, secretMatches, type ApiScope } from "./api-key";

export interface AuthenticatedGateway {
  keyId: string;
  gatewayId: string;
  gatewayName: string;
  scopes: string[];
}

interface KeyRow {
  id: string;
  gatewayId: string;
  gatewayName: string;
  secretHash: string;
  scopes: string[];
  revokedAt: Date | null;
  expiresAt: Date | null;
}

const KEYS_SQL = `SELECT k.prefix, k.id, k.gateway_id AS "gatewayId", g.name AS "gatewayName", k.secret_hash AS "secretHash", k.scopes,
  k.revoked_at AS "revokedAt", k.expires_at AS "expiresAt"
FROM api_keys k JOIN gateways g ON g.id = k.gateway_id WHERE k.prefix = ANY($1::text[])`;

// Every request's key is read from the database when the request arrives — nothing is cached, so a revoked
// key is refused at once on every instance — but the requests that arrive together share one query: the
// loader collects the lookups of one turn of the event loop (a busy server reads many requests per turn)
// and sends them as one `= ANY(…)` query. Each database round trip costs ≈0.2 ms of CPU on each side here,
// as much as the rest of a small gateway request.
const g = globalThis as unknown as { __wardenKeyLoader?: DataLoader<string, KeyRow | undefined> };
function keyLoader(): DataLoader<string, KeyRow | undefined> {
  g.__wardenKeyLoader ??= new DataLoader(
    async (prefixes) => {
      // Plain parameterized SQL, not Prisma: this runs on every gateway request (the ingest hot path).
      const { rows } = await pool().query<KeyRow & { prefix: string }>({ name: "warden_api_keys_by_prefix", text: KEYS_SQL, values: [prefixes] });
      const byPrefix = new Map(rows.map((r) => [r.prefix, r]));
      return prefixes.map((p) => byPrefix.get(p));
    },
    { cache: false, maxBatchSize: 500, batchScheduleFn: (run) => setImmediate(run) },
  );
  return g.__wardenKeyLoader;
}

/**
 * Resolves `Authorization: Bearer <key>` to its gateway. Checked against the database on every request
 * (one indexed lookup, shared with the requests that arrive at the same time), so a revoked or expired
 * key is refused at once on every instance.
 */
export async function authenticateApiKey(authorization: string | null, scope: ApiScope): Promise<AuthenticatedGateway> {
  const raw = authorization?.match(/^Bearer\s+(\S+)\s*$/i)?.[1];
  if (!raw) throw new ApiError("unauthenticated", "Send the gateway's API key as `Authorization: Bearer <key>`.");
  const parsed = parseApiKey(raw);
  if (!parsed) throw new ApiError("unauthenticated", "The API key is malformed.");
  const key = await keyLoader()
    .load(parsed.prefix)
    .catch((err: unknown) => {
      throw databaseUnavailable(err) ? new ApiError("unavailable", "The database is unavailable; retry later.", { retryAfterSeconds: 5 }) : err;
    });
  if (!key || !secretMatches(parsed.secret, key.secretHash)) throw new ApiError("unauthenticated", "The API key is not valid.");
  if (key.revokedAt) throw new ApiError("unauthenticated", "The API key was revoked.");
  if (key.expiresAt && key.expiresAt <= new Date()) throw new ApiError("unauthenticated", "The API key has expired.");
  if (!key.scopes.includes(scope)) throw new ApiError("forbidden", `The API key lacks the ${scope} scope.`);
  touch(key.id, key.gatewayId);
  return { keyId: key.id, gatewayId: key.gatewayId, gatewayName: key.gatewayName, scopes: key.scopes };
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
