import { errors, jwtVerify, type JWTVerifyGetKey } from "jose";
import { TOKEN_TYPE, type ApprovalTokenClaims } from "../../approvals/schema";
import { WardenUnavailableError } from "./warden-errors";

// Before an approved call runs, the gateway checks Warden's signed decision (lib/approvals/
// sign-approval-token.ts) against Warden's JWKS: signature (EdDSA, a key Warden publishes), type, audience
// (this gateway), expiry, and that it covers exactly this call: the approval, the request id (the call's
// event id), decision "approved" and the params hash computed here over the params about to run.

/** jose's codes for a token that is bad (as opposed to keys that could not be fetched). */
const REJECTIONS = new Set([
  "ERR_JWS_INVALID",
  "ERR_JWT_INVALID",
  "ERR_JWS_SIGNATURE_VERIFICATION_FAILED",
  "ERR_JWKS_NO_MATCHING_KEY",
  "ERR_JWKS_MULTIPLE_MATCHING_KEYS",
  "ERR_JWT_CLAIM_VALIDATION_FAILED",
  "ERR_JWT_EXPIRED",
  "ERR_JOSE_ALG_NOT_ALLOWED",
  "ERR_JOSE_NOT_SUPPORTED",
  "ERR_JWK_INVALID",
]);

export class ApprovalTokenError extends Error {
  override readonly name = "ApprovalTokenError";
}

export async function verifyApprovalToken(o: {
  token: string;
  keys: JWTVerifyGetKey;
  expected: { approvalId: string; requestId: string; paramsHash: string; audience: string; issuer?: string };
  clockToleranceSeconds?: number;
  /** The time to check expiry against (default now). */
  now?: Date;
}): Promise<ApprovalTokenClaims> {
  let payload: Partial<ApprovalTokenClaims>;
  try {
    ({ payload } = (await jwtVerify(o.token, o.keys, {
      algorithms: ["EdDSA"],
      typ: TOKEN_TYPE,
      audience: o.expected.audience,
      issuer: o.expected.issuer,
      requiredClaims: ["exp", "iat", "sub"],
      clockTolerance: o.clockToleranceSeconds ?? 5,
      currentDate: o.now,
    })) as { payload: Partial<ApprovalTokenClaims> });
  } catch (err) {
    if (err instanceof errors.JOSEError && REJECTIONS.has(err.code)) throw new ApprovalTokenError(`approval token rejected (${err.code}): ${err.message}`);
    // Anything else is the key set not being available (network, timeout, a non-200 answer).
    throw new WardenUnavailableError(`cannot fetch Warden's signing keys to verify the approval: ${(err as Error).message}`);
  }
  const mismatch = (what: string) => new ApprovalTokenError(`approval token rejected: ${what} does not match this call`);
  if (payload.sub !== o.expected.approvalId || payload.approval_id !== o.expected.approvalId) throw mismatch("approval id");
  if (payload.request_id !== o.expected.requestId) throw mismatch("request id");
  if (payload.paramsHash !== o.expected.paramsHash) throw mismatch("params hash");
  if (payload.decision !== "approved") throw new ApprovalTokenError(`approval token rejected: decision is ${String(payload.decision)}, not approved`);
  return payload as ApprovalTokenClaims;
}
