import { hash, timingSafeEqual } from "node:crypto";
import { createRemoteJWKSet, jwtVerify, type JWTPayload } from "jose";
import type { GatewayConfig } from "../config/schema";
import type { CallerIdentity } from "../downstream/proxy-runtime";

export class CallerAuthError extends Error {
  constructor(
    message: string,
    readonly code: "invalid_request" | "invalid_token",
  ) {
    super(message);
    this.name = "CallerAuthError";
  }
}

/** One-shot SHA-256 (`crypto.hash`: half the cost of a createHash object, on every request). */
const sha256 = (s: string): Buffer => hash("sha256", s, "buffer");

export type VerifyCaller = (authorization: string | undefined) => Promise<CallerIdentity>;

/**
 * Authenticates an HTTP caller from its `Authorization: Bearer …` header:
 * - a static token: its sha256 compared in constant time with every configured hash → "static-token";
 * - else a JWT verified against the issuer's JWKS (jose): signature, issuer, audience and expiry (zero trust:
 *   a token minted for another service is refused here) → userClaim/teamClaim → "jwt".
 * Anything else throws CallerAuthError (→ 401).
 */
export function createCallerVerifier(o: { auth: GatewayConfig["auth"]; fetchImpl?: typeof fetch }): VerifyCaller {
  const staticHashes = o.auth.staticTokens.map((t) => ({ ...t, digest: Buffer.from(t.sha256, "hex") }));
  const jwt = o.auth.jwt;
  let jwks: ReturnType<typeof createRemoteJWKSet> | undefined;
  const getJwks = async () => {
    if (jwks) return jwks;
    let url = jwt!.jwksUrl;
    if (!url) {
      const discovery = `${jwt!.issuer.replace(/\/$/, "")}/.well-known/openid-configuration`;
      const res = await (o.fetchImpl ?? fetch)(discovery, { signal: AbortSignal.timeout(10_000) });
      if (!res.ok) throw new CallerAuthError(`cannot read the issuer's discovery document (${res.status})`, "invalid_token");
      url = ((await res.json()) as { jwks_uri?: string }).jwks_uri;
      if (!url) throw new CallerAuthError("the issuer's discovery document has no jwks_uri", "invalid_token");
    }
    jwks = createRemoteJWKSet(new URL(url), { timeoutDuration: 10_000, cooldownDuration: 30_000 });
    return jwks;
  };

  return async (authorization) => {
    const m = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? "");
    if (!m) throw new CallerAuthError("missing bearer token", "invalid_request");
    const token = m[1]!;
    const digest = sha256(token);
    let match: (typeof staticHashes)[number] | undefined;
    for (const t of staticHashes) if (timingSafeEqual(t.digest, digest)) match = t; // no early exit
    if (match) return { userId: match.userId, team: match.team, source: "static-token" };
    if (!jwt || token.split(".").length !== 3) throw new CallerAuthError("invalid token", "invalid_token");
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, await getJwks(), {
        issuer: jwt.issuer,
        audience: jwt.audience,
        algorithms: jwt.algorithms,
        requiredClaims: ["exp"],
        clockTolerance: 5,
      }));
    } catch (e) {
      throw new CallerAuthError(`invalid token: ${(e as { code?: string }).code ?? (e as Error).message}`, "invalid_token");
    }
    const userId = payload[jwt.userClaim];
    if (typeof userId !== "string" || !userId) throw new CallerAuthError(`invalid token: claim ${jwt.userClaim} missing`, "invalid_token");
    const team = jwt.teamClaim ? payload[jwt.teamClaim] : undefined;
    return { userId, team: typeof team === "string" && team ? team : undefined, source: "jwt" };
  };
}
