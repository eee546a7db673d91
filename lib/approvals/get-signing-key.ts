import "server-only";
import { importJWK, type CryptoKey, type JWK } from "jose";
import { db } from "../db";
import { log } from "../log";
import { openSecret } from "./seal-secret";
import { rotateSigningKey, SIGNING_ALG } from "./rotate-signing-key";

export interface ActiveSigningKey {
  kid: string;
  alg: string;
  privateKey: CryptoKey;
}

// The decrypted active key, cached per process for a minute: a rotation made on another instance is
// picked up within that minute (and the old key stays in the JWKS meanwhile).
const CACHE_MS = 60_000;
const g = globalThis as unknown as { __wardenSigningKey?: { key: ActiveSigningKey; at: number } };

export function forgetSigningKey(): void {
  g.__wardenSigningKey = undefined;
}

/**
 * The key that signs approval tokens, created on first use. A key whose private half can no longer be
 * decrypted (the instance secret changed) is replaced by a new one: its public half stays published.
 */
export async function getSigningKey(): Promise<ActiveSigningKey> {
  const hit = g.__wardenSigningKey;
  if (hit && Date.now() - hit.at < CACHE_MS) return hit.key;
  let row = await db().signingKey.findFirst({ where: { active: true }, orderBy: { createdAt: "desc" } });
  row ??= await rotateSigningKey({ ifNone: true });
  let privateJwk: JWK;
  try {
    privateJwk = JSON.parse(openSecret(row.privateJwkEncrypted)) as JWK;
  } catch (err) {
    log.error({ kid: row.kid, err: String(err) }, "signing key cannot be decrypted with this instance secret; rotating");
    row = await rotateSigningKey({ reason: `key ${row.kid} undecryptable with the current secret` });
    privateJwk = JSON.parse(openSecret(row.privateJwkEncrypted)) as JWK;
  }
  const privateKey = (await importJWK(privateJwk, row.alg || SIGNING_ALG)) as CryptoKey;
  const key = { kid: row.kid, alg: row.alg, privateKey };
  g.__wardenSigningKey = { key, at: Date.now() };
  return key;
}
