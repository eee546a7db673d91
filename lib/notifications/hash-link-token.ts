import { createHash, randomBytes } from "node:crypto";

/** A one-time link's token: 256 random bits (base64url, 43 characters); only its SHA-256 is stored. */
export function newLinkToken(): string {
  return randomBytes(32).toString("base64url");
}

export function hashLinkToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}
