import "server-only";
import { exportJWK, generateKeyPair } from "jose";
import { randomUUID } from "node:crypto";
import { db } from "../db";
import type { SigningKey } from "../generated/prisma/client";
import { recordAudit, type AuditActor } from "../audit/record-audit";
import { sealSecret } from "./seal-secret";

export const SIGNING_ALG = "EdDSA";
const KEY_LOCK = 727274051;

export type SigningKeyRow = SigningKey;

/**
 * Creates a new signing key (Ed25519) and retires the active one(s). Retired keys stay published in the
 * JWKS for a grace period, so tokens signed just before a rotation still verify. With `ifNone` (first
 * start), nothing happens when an active key already exists: instances starting together agree on one
 * key thanks to the advisory lock.
 */
export async function rotateSigningKey(opts: { actor?: AuditActor; ifNone?: boolean; reason?: string } = {}): Promise<SigningKeyRow> {
  const { publicKey, privateKey } = await generateKeyPair(SIGNING_ALG, { crv: "Ed25519", extractable: true });
  const kid = `wdn-${new Date().toISOString().slice(0, 10)}-${randomUUID().slice(0, 8)}`;
  const publicJwk = { ...(await exportJWK(publicKey)), kid, alg: SIGNING_ALG, use: "sig" };
  const privateJwkEncrypted = sealSecret(JSON.stringify(await exportJWK(privateKey)));
  return db().$transaction(async (tx) => {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(${KEY_LOCK})`;
    if (opts.ifNone) {
      const existing = await tx.signingKey.findFirst({ where: { active: true }, orderBy: { createdAt: "desc" } });
      if (existing) return existing;
    }
    const retired = await tx.signingKey.findMany({ where: { active: true }, select: { kid: true } });
    await tx.signingKey.updateMany({ where: { active: true }, data: { active: false, retiredAt: new Date() } });
    const row = await tx.signingKey.create({ data: { kid, alg: SIGNING_ALG, publicJwk, privateJwkEncrypted, active: true } });
    await recordAudit(tx, {
      actor: opts.actor ?? { email: "system" },
      action: opts.ifNone ? "signing_key.create" : "signing_key.rotate",
      targetType: "signing_key",
      targetId: kid,
      before: retired.length ? { retired: retired.map((r) => r.kid) } : undefined,
      after: { kid, alg: SIGNING_ALG, reason: opts.reason ?? (opts.ifNone ? "first start" : "rotation") },
    });
    return row;
  });
}
