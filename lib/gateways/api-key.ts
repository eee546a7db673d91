import { createHash, randomBytes, timingSafeEqual } from "node:crypto";

export { API_SCOPES, type ApiScope } from "./scopes";

// A key reads `wdn_<prefix>_<secret>`: the prefix (public, unique) finds the row, the secret is checked
// against its SHA-256. Keys are 192 bits of randomness, so a fast hash is right here (unlike passwords).
const KEY_RE = /^wdn_([a-z0-9]{12})_([A-Za-z0-9_-]{32})$/;

export function generateApiKey(): { prefix: string; secret: string; plaintext: string; secretHash: string } {
  const prefix = randomBytes(9).toString("base64url").toLowerCase().replace(/[^a-z0-9]/g, "x").slice(0, 12);
  const secret = randomBytes(24).toString("base64url");
  return { prefix, secret, plaintext: `wdn_${prefix}_${secret}`, secretHash: hashSecret(secret) };
}

export function hashSecret(secret: string): string {
  return createHash("sha256").update(secret).digest("hex");
}

export function parseApiKey(raw: string): { prefix: string; secret: string } | null {
  const m = KEY_RE.exec(raw);
  return m ? { prefix: m[1], secret: m[2] } : null;
}

export function secretMatches(secret: string, secretHash: string): boolean {
  const a = Buffer.from(hashSecret(secret), "hex");
  const b = Buffer.from(secretHash, "hex");
  return a.length === b.length && timingSafeEqual(a, b);
}
