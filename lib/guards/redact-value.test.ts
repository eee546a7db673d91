import { describe, expect, it } from "vitest";
import { redactValue } from "./redact-value";

describe("redactValue", () => {
  it("returns the same reference when nothing is found", () => {
    const value = { content: [{ type: "text", text: "hello world, 42 items" }], meta: { n: 1 } };
    const r = redactValue({ value });
    expect(r.value).toBe(value);
    expect(r.redactions).toEqual([]);
  });

  it("replaces secrets inside strings of a JSON value, copying only the changed branch", () => {
    const shared = { keep: "me" };
    const value = { env: "AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE\nHOME=/root", other: shared };
    const r = redactValue({ value });
    expect(r.value).toEqual({ env: "AWS_ACCESS_KEY_ID=[REDACTED:aws_access_key_id]\nHOME=/root", other: shared });
    expect((r.value as typeof value).other).toBe(shared);
    expect(value.env).toContain("AKIA"); // the input is not changed
    expect(r.redactions).toEqual([{ kind: "aws_access_key_id", flag: "secret_redacted", path: "/env", start: 18, end: 38 }]);
  });

  it("redacts the whole value of a secret-named key", () => {
    const r = redactValue({ value: { user: "bob", password: "correct horse", maxTokens: "100" } });
    expect(r.value).toEqual({ user: "bob", password: "[REDACTED:secret_field]", maxTokens: "100" });
  });

  it("redacts validated PII: e-mail, phone, card (Luhn), IBAN (checksum), SSN; not look-alikes", () => {
    const text = "Mail jane.doe@example.com, call +1 415-555-2671, card 4111 1111 1111 1111, IBAN DE89 3704 0044 0532 0130 00, SSN 123-45-6788.";
    const r = redactValue({ value: text });
    expect(r.value).toBe("Mail [REDACTED:email], call [REDACTED:phone], card [REDACTED:payment_card], IBAN [REDACTED:iban], SSN [REDACTED:us_ssn].");
    const lookAlikes = "order 4111 1111 1111 1112, IBAN DE89 3704 0044 0532 0130 01, SSN 000-12-3456, version 1.2.3, date 2024-01-05";
    expect(redactValue({ value: lookAlikes }).value).toBe(lookAlikes);
  });

  it("works inside MCP content blocks and leaves image data alone", () => {
    const img = Buffer.from("AKIAIOSFODNN7EXAMPLE").toString("base64");
    const value = { content: [{ type: "text", text: "key: ghp_16C7e42F292c6912E7710c838347Ae178B4a" }, { type: "image", mimeType: "image/png", data: img }] };
    const r = redactValue({ value });
    expect(r.value).toEqual({ content: [{ type: "text", text: "key: [REDACTED:github_token]" }, { type: "image", mimeType: "image/png", data: img }] });
    expect(r.redactions[0]).toMatchObject({ path: "/content/0/text", flag: "secret_redacted" });
  });

  it("treats a JSON key __proto__ as data", () => {
    const value = JSON.parse('{"__proto__": {"k": "AKIAIOSFODNN7EXAMPLE"}}');
    const r = redactValue({ value });
    expect(JSON.stringify(r.value)).toBe('{"__proto__":{"k":"[REDACTED:aws_access_key_id]"}}');
  });

  it("detects only what it is asked to", () => {
    const value = "jane@example.com AKIAIOSFODNN7EXAMPLE";
    expect(redactValue({ value, detect: ["secret"] }).value).toBe("jane@example.com [REDACTED:aws_access_key_id]");
    expect(redactValue({ value, detect: ["pii"] }).value).toBe("[REDACTED:email] AKIAIOSFODNN7EXAMPLE");
  });
});
