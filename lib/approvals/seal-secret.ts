import "server-only";
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from "node:crypto";

// Encryption at rest for the signing keys' private halves: AES-256-GCM under a key derived (HKDF-SHA256)
// from the instance secret (NEXTAUTH_SECRET, which server.ts always sets: from the environment, or
// generated once and shared through the database). Format: `v1.<iv>.<tag>.<ciphertext>` (base64url).

function derivedKey(secret: string): Buffer {
  return Buffer.from(hkdfSync("sha256", secret, "warden", "warden/approval-signing-keys/v1", 32));
}

function instanceSecret(secret?: string): string {
  const s = secret ?? process.env.NEXTAUTH_SECRET;
  if (!s) throw new Error("NEXTAUTH_SECRET is not set: start Warden with server.ts");
  return s;
}

export function sealSecret(plaintext: string, secret?: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", derivedKey(instanceSecret(secret)), iv);
  const ct = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  return ["v1", iv.toString("base64url"), cipher.getAuthTag().toString("base64url"), ct.toString("base64url")].join(".");
}

/** Decrypts what sealSecret produced; throws when the secret differs or the text was tampered with. */
export function openSecret(sealed: string, secret?: string): string {
  const [version, iv, tag, ct] = sealed.split(".");
  if (version !== "v1" || !iv || !tag || ct === undefined) throw new Error("unknown sealed secret format");
  const decipher = createDecipheriv("aes-256-gcm", derivedKey(instanceSecret(secret)), Buffer.from(iv, "base64url"));
  decipher.setAuthTag(Buffer.from(tag, "base64url"));
  return Buffer.concat([decipher.update(Buffer.from(ct, "base64url")), decipher.final()]).toString("utf8");
}
