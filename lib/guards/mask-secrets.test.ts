import { describe, expect, it } from "vitest";
import { maskSecrets, maskSecretsInText } from "./mask-secrets";

describe("maskSecretsInText", () => {
  it.each([
    ["AWS access key id", "key AKIAIOSFODNN7EXAMPLE here", "key [masked secret: AWS access key id] here"],
    ["AWS secret in an assignment", "aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", "aws_secret_access_key = [masked secret: AWS secret access key]"],
    ["GitHub classic token", "ghp_16C7e42F292c6912E7710c838347Ae178B4a", "[masked secret: GitHub token]"],
    ["GitHub fine-grained token", "github_pat_11ABCDEFG0123456789_abcdefghijklmnopqrstuvwxyz", "[masked secret: GitHub token]"],
    ["Slack token", "xoxp-1234567890-abcdefghij", "[masked secret: Slack token]"],
    ["Stripe live key", "sk_live_4eC39HqLyjWDarjtT1zdp7dc", "[masked secret: Stripe secret key]"],
    ["Stripe restricted key", "rk_live_4eC39HqLyjWDarjtT1zdp7dc", "[masked secret: Stripe secret key]"],
    ["OpenAI key", "sk-proj-AbCdEfGhIjKlMnOpQrStUvWxYz012345", "[masked secret: OpenAI API key]"],
    ["Anthropic key", "sk-ant-api03-AbCdEfGhIjKlMnOpQrStUvWxYz0123456789", "[masked secret: Anthropic API key]"],
    ["Google API key", "AIzaSyA1b2C3d4E5f6G7h8I9j0KlMnOpQrStUvW", "[masked secret: Google API key]"],
    ["JWT", "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U", "[masked secret: JSON Web Token]"],
    ["database URL password", "postgres://app:s3cr3t@db:5432/x", "postgres://app:[masked secret: password in URL]@db:5432/x"],
    ["password= assignment", "--password=hunter2 --verbose", "--password=[masked secret: secret assignment] --verbose"],
    ["token: assignment", 'token: "abc123xyz"', 'token: "[masked secret: secret assignment]"'],
    ["private key block", "x\n-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAA\n-----END OPENSSH PRIVATE KEY-----\ny", "x\n[masked secret: private key]\ny"],
  ])("%s", (_name, input, masked) => {
    expect(maskSecretsInText(input)).toBe(masked);
  });

  it("leaves ordinary text alone", () => {
    for (const text of ["Email the Q3 numbers to the CFO", "max_tokens=1000", "SELECT * FROM users WHERE id = 42", "https://example.com/path?q=1", "sk-12 is a size"]) {
      expect(maskSecretsInText(text)).toBe(text);
    }
  });

  it("is idempotent: masking a masked text changes nothing", () => {
    const once = maskSecretsInText("password=hunter2 secret: AKIAIOSFODNN7EXAMPLE token=abc123");
    expect(once).toBe("password=[masked secret: secret assignment] secret: [masked secret: AWS access key id] token=[masked secret: secret assignment]");
    expect(maskSecretsInText(once)).toBe(once);
    const value = { password: "x1", note: once, nested: [once] };
    expect(maskSecrets(maskSecrets(value))).toEqual(maskSecrets(value));
  });

  it("masks every secret in one text, each once", () => {
    expect(maskSecretsInText("AKIAIOSFODNN7EXAMPLE and password=hunter2 and AKIAIOSFODNN7EXAMPLF")).toBe(
      "[masked secret: AWS access key id] and password=[masked secret: secret assignment] and [masked secret: AWS access key id]",
    );
  });
});

describe("maskSecrets (JSON values)", () => {
  it("walks objects and arrays, masks secrets inside strings and the values of secret-named keys, keeps the rest", () => {
    const params = {
      to: "cfo@example.com",
      config: { apiKey: "plain-looking-value", password: 1234, maxTokens: 1000, nested: [{ token: "t0k3n" }, "Bearer 8f3a9c2e1b7d4f6a0c5e"] },
      body: "use AKIAIOSFODNN7EXAMPLE",
      empty: { password: "" },
      flags: [true, null, 3.5],
    };
    expect(maskSecrets(params)).toEqual({
      to: "cfo@example.com",
      config: {
        apiKey: '[masked secret: value of "apiKey"]',
        password: '[masked secret: value of "password"]',
        maxTokens: 1000,
        nested: [{ token: '[masked secret: value of "token"]' }, "Bearer [masked secret: bearer token]"],
      },
      body: "use [masked secret: AWS access key id]",
      empty: { password: "" },
      flags: [true, null, 3.5],
    });
    expect(params.config.apiKey).toBe("plain-looking-value"); // a copy: the input is not changed
  });

  it("does not look inside serialised JSON differently: a secret in a JSON string is masked like any text", () => {
    expect(maskSecrets('{"password":"hunter2"}')).toBe('{"password":"[masked secret: secret assignment]"}');
  });

  it("masks what is nested too deep to show instead of failing", () => {
    let deep: unknown = "AKIAIOSFODNN7EXAMPLE";
    for (let i = 0; i < 1000; i++) deep = [deep];
    expect(JSON.stringify(maskSecrets(deep))).toContain("[masked secret: nested deeper than 256 levels, not shown]");
  });
});
