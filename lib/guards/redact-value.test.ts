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

// Classes added after the held-out evaluation (docs/guards.md "Held-out evaluation").
describe("redactValue: generic secret shapes and more PII formats", () => {
  const redacted = (text: string) => redactValue({ value: text }).value as string;

  it("redacts quoted values with spaces, names with prefixes/suffixes, comparisons, Go/C forms and CLI flags, in any case", () => {
    expect(redacted('PASSWORD_SUPER_SECURE = "value with quotes and spaces"')).toBe('PASSWORD_SUPER_SECURE = "[REDACTED:secret_assignment_quoted]"');
    expect(redacted('db_pass := m{{h}o)p$#thisone')).toBe("db_pass := [REDACTED:secret_assignment]");
    expect(redacted('if ("m{{h}o)p$#thisone" !== my_password_sec) {')).toBe('if ("[REDACTED:secret_comparison]" !== my_password_sec) {');
    expect(redacted('std::string secret("m{{h}o)p$#thisone");')).toBe('std::string secret("[REDACTED:secret_assignment_quoted]");');
    expect(redacted("sl --SoftLayer-Api-Key abcd1234abcd1234abcd")).toBe("sl --SoftLayer-Api-Key [REDACTED:cli_secret_flag]");
    expect(redacted("max_tokens = 4096, token_count: 1534, pass `--no-docker` to skip")).toBe("max_tokens = 4096, token_count: 1534, pass `--no-docker` to skip");
  });

  it("redacts vendor-prefixed random tokens in prose and in nested content blocks, not hashes, pod names or bundle files", () => {
    const value = { content: [{ type: "resource", resource: { uri: "log://1", text: "copied from the dashboard: 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 done" } }] };
    expect(redactValue({ value }).value).toEqual({ content: [{ type: "resource", resource: { uri: "log://1", text: "copied from the dashboard: [REDACTED:prefixed_token] done" } }] });
    expect(redacted("DT token dt0c01.AM9L2326I8942ASQLA3VVNDR.G7ABH4TNGB38OBZH1D8DM8QRWW80G7ABH4TNGB38OBZH1D8DM8QRWW80AAAA")).toBe("DT token [REDACTED:prefixed_token]");
    const benign = "integrity sha512-oqVuAfXRKap7fdgcCY5uykM6b5oqVuAfXRKap7fdgc pod web-deployment-7d9f8b6c4d-x2j5k bundle main.3f786850e387550fdab836ed7e6dc881de23001b.js";
    expect(redacted(benign)).toBe(benign);
  });

  it("redacts IBANs with dashes or a trailing word, IDN e-mail, Dankort/UATP cards, dotted SSNs and national phone numbers after a phone cue", () => {
    expect(redacted("Dash as iban separator: AL47-2121-1009-0000-0002-3569-8741")).toBe("Dash as iban separator: [REDACTED:iban]");
    expect(redacted("AL47212110090000000235698741 ALL CAPS")).toBe("[REDACTED:iban] ALL CAPS");
    expect(redacted("write to a@xn--d1acufc.xn--p1ai")).toBe("write to [REDACTED:email]");
    expect(redacted("card 5019717010103742 and 122000000000003")).toBe("card [REDACTED:payment_card] and [REDACTED:payment_card]");
    expect(redacted("SSN 078.05.1123")).toBe("SSN [REDACTED:us_ssn]");
    expect(redacted("My Japanese number is 090-1234-5678")).toBe("My Japanese number is [REDACTED:phone]");
    expect(redacted("Build 090-1234-5678 passed")).toBe("Build 090-1234-5678 passed");
  });
});
