import { describe, expect, it } from "vitest";
import { openSecret, sealSecret } from "./seal-secret";

const SECRET = "a-test-secret-of-at-least-32-characters!";

describe("sealSecret", () => {
  it("round-trips and never stores the plaintext", () => {
    const sealed = sealSecret('{"d":"private"}', SECRET);
    expect(sealed).not.toContain("private");
    expect(sealed.startsWith("v1.")).toBe(true);
    expect(openSecret(sealed, SECRET)).toBe('{"d":"private"}');
  });

  it("uses a fresh IV each time", () => {
    expect(sealSecret("x", SECRET)).not.toBe(sealSecret("x", SECRET));
  });

  it("refuses another secret and tampered text", () => {
    const sealed = sealSecret("x", SECRET);
    expect(() => openSecret(sealed, `${SECRET}-other`)).toThrow();
    const parts = sealed.split(".");
    parts[3] = Buffer.from("y").toString("base64url");
    expect(() => openSecret(parts.join("."), SECRET)).toThrow();
  });
});
