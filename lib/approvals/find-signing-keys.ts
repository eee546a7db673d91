import "server-only";
import { db } from "../db";
import { RETIRED_KEY_GRACE_MS } from "./get-jwks";

export interface SigningKeyView {
  kid: string;
  alg: string;
  active: boolean;
  published: boolean;
  createdAt: string;
  retiredAt: string | null;
}

/** GET /api/approvals/signing-keys: the keys that signed approval tokens (public facts only). */
export async function findSigningKeys(): Promise<SigningKeyView[]> {
  const rows = await db().signingKey.findMany({ orderBy: { createdAt: "desc" }, take: 50 });
  const cutoff = Date.now() - RETIRED_KEY_GRACE_MS;
  return rows.map((k) => ({
    kid: k.kid,
    alg: k.alg,
    active: k.active,
    published: k.active || (k.retiredAt?.getTime() ?? 0) > cutoff,
    createdAt: k.createdAt.toISOString(),
    retiredAt: k.retiredAt?.toISOString() ?? null,
  }));
}
