import "server-only";
import type { JWK } from "jose";
import { db } from "../db";
import { getSigningKey } from "./get-signing-key";

// A retired key stays published this long: far longer than any token it signed can live (TOKEN_TTL).
export const RETIRED_KEY_GRACE_MS = 24 * 60 * 60 * 1000;

/** GET /api/v1/jwks.json: the active key and the retired keys whose tokens may still be in flight. */
export async function getJwks(): Promise<{ keys: JWK[] }> {
  await getSigningKey(); // a fresh instance publishes a key before it signs anything
  const rows = await db().signingKey.findMany({
    where: { OR: [{ active: true }, { retiredAt: { gt: new Date(Date.now() - RETIRED_KEY_GRACE_MS) } }] },
    orderBy: { createdAt: "desc" },
  });
  return { keys: rows.map((r) => r.publicJwk as JWK) };
}
