import "server-only";
import { SignJWT } from "jose";
import { getSigningKey } from "./get-signing-key";
import { TOKEN_TTL_SECONDS, TOKEN_TYPE, type ApprovalStatusName } from "./schema";

export function tokenIssuer(): string {
  return process.env.WARDEN_PUBLIC_URL ?? "warden";
}

/**
 * The signed decision a gateway verifies with the JWKS: `sub`/`approval_id` the approval, `aud` the
 * gateway it belongs to, `decision` the final status, `paramsHash` the exact params it covers.
 */
export async function signApprovalToken(a: {
  id: string;
  gatewayId: string;
  requestId: string;
  status: ApprovalStatusName;
  paramsHash: string;
}): Promise<string> {
  const key = await getSigningKey();
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({ approval_id: a.id, request_id: a.requestId, decision: a.status, paramsHash: a.paramsHash })
    .setProtectedHeader({ alg: key.alg, kid: key.kid, typ: TOKEN_TYPE })
    .setIssuer(tokenIssuer())
    .setSubject(a.id)
    .setAudience(a.gatewayId)
    .setIssuedAt(now)
    .setExpirationTime(now + TOKEN_TTL_SECONDS)
    .sign(key.privateKey);
}
