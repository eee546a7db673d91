import { describe, expect, it } from "vitest";
import { createRuleMatcher } from "./create-rule-matcher";
import { isPrefixedToken, isSecretKey, SECRET_RULES } from "./secret-rules";

describe("SECRET_RULES", () => {
  it.each(SECRET_RULES.map((r) => [r.id, r] as const))("%s catches its example and leaves its counter-example alone", (_id, rule) => {
    expect(rule.pattern.flags).toContain("g");
    expect(rule.example.secret.match(new RegExp(rule.pattern.source, rule.pattern.flags)), rule.example.secret).not.toBeNull();
    expect(rule.example.notSecret.match(new RegExp(rule.pattern.source, rule.pattern.flags)), rule.example.notSecret).toBeNull();
  });

  it("are found by the rule matcher exactly where their global regex matches, on every example", () => {
    const match = createRuleMatcher({ rules: SECRET_RULES });
    const examples = SECRET_RULES.flatMap((r) => [r.example.secret, r.example.notSecret]);
    for (const text of [...examples, examples.join(" ; "), examples.join("\n").toUpperCase()]) {
      const found = new Map(match(text).map((run) => [run.rule.id, [...run.matches].map((m) => `${m.index}:${m[0]}`)]));
      for (const rule of SECRET_RULES) expect(found.get(rule.id) ?? [], `${rule.id} on ${text.slice(0, 40)}`).toEqual([...text.matchAll(rule.pattern)].map((m) => `${m.index}:${m[0]}`));
    }
  });

  it("have unique ids and kinds", () => {
    expect(new Set(SECRET_RULES.map((r) => r.id)).size).toBe(SECRET_RULES.length);
    expect(new Set(SECRET_RULES.map((r) => r.kind)).size).toBe(SECRET_RULES.length);
  });

  it("finish on long hostile input (bounded, no nested quantifiers): near-misses match nothing", () => {
    const nearMisses = ["a".repeat(60_000), "-----BEGIN PRIVATE KEY-----" + "A".repeat(60_000), "eyJ" + "a".repeat(30_000) + ".eyJ", "s://" + "u".repeat(30_000) + ":", "AKIA".repeat(15_000)];
    for (const text of nearMisses) {
      const hits = SECRET_RULES.filter((r) => new RegExp(r.pattern.source, r.pattern.flags).test(text)).map((r) => r.id);
      expect(hits, text.slice(0, 30)).toEqual([]);
    }
  });
});

describe("isSecretKey", () => {
  it.each(["password", "db_password", "Password", "apiKey", "api_key", "API-KEY", "clientSecret", "client_secret", "accessToken", "token", "privateKey", "secretKey", "Authorization", "credentials", "aws_secret_access_key"])("%s is a secret key", (k) => {
    expect(isSecretKey(k)).toBe(true);
  });
  it.each(["maxTokens", "max_tokens", "token_count", "secretary", "keyboard", "passwordHint", "author", "description", "tokenizer"])("%s is not", (k) => {
    expect(isSecretKey(k)).toBe(false);
  });
});

describe("isPrefixedToken", () => {
  it.each([
    "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",
    "dt0c01.AM9L2326I8942ASQLA3VVNDR.G7ABH4TNGB38OBZH1D8DM8QRWW80G7ABH4TNGB38OBZH1D8DM8QRWW80AAAA",
    "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",
    "sha256~8Or48BC1dEyj0F8JLwR5sPHJi8H5Xbu0RbBh9KpUHUM",
    "RDME_AE182KGV5Z7A703MBHBRUMLMYHRNMQIX8J6TFF4T900VM6PPTRYTKMZ",
  ])("%s is a token", (v) => expect(isPrefixedToken(v)).toBe(true));
  it.each([
    "sha512-oqVuAfXRKap7fdgcCY5uykM6b5oqVuAfXRKap7fdgc",
    "web-deployment-7d9f8b6c4d-x2j5k",
    "build-20260105-20260106-20260107",
    "release_candidate_the_quick_brown_fox",
    "cus_NffrFeUfNV2Hib1234567890",
    "id-550e8400-e29b-41d4-a716-446655440000",
  ])("%s is not", (v) => expect(isPrefixedToken(v)).toBe(false));
});
