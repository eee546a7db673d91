// Detectors for secrets in text, as data (pure). Each rule names the kind of secret (shown to reviewers in
// the mask: `[masked secret: AWS access key id]`), its pattern, and one example it must catch and one it
// must leave alone (lib/guards/secret-rules.test.ts checks both). When a pattern has a `secret` group only
// that part is masked (`password=[masked secret: password assignment]`), otherwise the whole match.
// Patterns are global, linear (no nested quantifiers) and bounded, so they are safe on untrusted text.

export interface SecretRule {
  id: string;
  kind: string;
  pattern: RegExp;
  example: { secret: string; notSecret: string };
}

export const SECRET_RULES: readonly SecretRule[] = [
  {
    id: "private-key-pem",
    kind: "private key",
    pattern: /-----BEGIN (?:[A-Z0-9]+ ){0,3}PRIVATE KEY-----[\s\S]{0,16384}?-----END (?:[A-Z0-9]+ ){0,3}PRIVATE KEY-----/g,
    example: {
      secret: "-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEA0Z3VS5JJcds3xfn\n-----END RSA PRIVATE KEY-----",
      notSecret: "-----BEGIN PUBLIC KEY-----\nMIIBIjANBgkqhkiG9w0BAQEFAAOC\n-----END PUBLIC KEY-----",
    },
  },
  {
    id: "aws-access-key-id",
    kind: "AWS access key id",
    pattern: /\b(?:AKIA|ASIA|ABIA|ACCA)[A-Z0-9]{16}\b/g,
    example: { secret: "aws_access_key_id = AKIAIOSFODNN7EXAMPLE", notSecret: "order AKIA-1234 shipped" },
  },
  {
    id: "aws-secret-access-key",
    kind: "AWS secret access key",
    pattern: /\baws_?secret_?(?:access_?)?key\b["']?\s*[:=]\s*["']?(?<secret>[A-Za-z0-9/+=]{40})(?![A-Za-z0-9/+=])/gi,
    example: { secret: "AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", notSecret: "set AWS_SECRET_ACCESS_KEY in the environment" },
  },
  {
    id: "github-token",
    kind: "GitHub token",
    pattern: /\b(?:gh[pousr]_[A-Za-z0-9]{36,255}|github_pat_[A-Za-z0-9_]{22,255})\b/g,
    example: { secret: "token ghp_16C7e42F292c6912E7710c838347Ae178B4a", notSecret: "see ghp_docs for details" },
  },
  {
    id: "slack-token",
    kind: "Slack token",
    pattern: /\bxox[abposre]-[A-Za-z0-9-]{10,250}/g,
    example: { secret: "xoxb-1234567890-1234567890123-AbCdEfGhIjKlMnOpQrStUvWx", notSecret: "xox-box game" },
  },
  {
    id: "slack-webhook-url",
    kind: "Slack webhook URL",
    pattern: /https:\/\/hooks\.slack\.com\/services\/[A-Za-z0-9]{8,12}\/[A-Za-z0-9]{8,12}\/[A-Za-z0-9]{20,32}/g,
    example: { secret: "https://hooks.slack.com/services/T00000000/B00000000/XXXXXXXXXXXXXXXXXXXXXXXX", notSecret: "https://hooks.slack.com/services/" },
  },
  {
    id: "stripe-key",
    kind: "Stripe secret key",
    pattern: /\b(?:sk|rk)_(?:live|test)_[A-Za-z0-9]{16,247}\b/g,
    example: { secret: "stripe.api_key = 'sk_live_4eC39HqLyjWDarjtT1zdp7dc'", notSecret: "pk_live_4eC39HqLyjWDarjtT1zdp7dc is publishable" },
  },
  {
    id: "anthropic-api-key",
    kind: "Anthropic API key",
    pattern: /\bsk-ant-(?:api|admin|oat)\d{2}-[A-Za-z0-9_-]{20,200}/g,
    example: { secret: "x-api-key: sk-ant-api03-AbCdEfGhIjKlMnOpQrStUvWxYz0123456789_-AA", notSecret: "the sk-ant prefix marks Anthropic keys" },
  },
  {
    id: "openai-api-key",
    kind: "OpenAI API key",
    pattern: /\bsk-(?:proj-|svcacct-|admin-)?[A-Za-z0-9_-]{20,200}/g,
    example: { secret: "OPENAI_API_KEY sk-proj-AbCdEfGhIjKlMnOpQrStUvWxYz012345", notSecret: "a task-management tool, sk-12" },
  },
  {
    id: "google-api-key",
    kind: "Google API key",
    pattern: /\bAIza[0-9A-Za-z_-]{35}(?![0-9A-Za-z_-])/g,
    example: { secret: "key=AIzaSyA1b2C3d4E5f6G7h8I9j0KlMnOpQrStUvW", notSecret: "AIzawa is a surname" },
  },
  {
    id: "jwt",
    kind: "JSON Web Token",
    pattern: /\beyJ[A-Za-z0-9_-]{5,4096}\.eyJ[A-Za-z0-9_-]{5,8192}\.[A-Za-z0-9_-]{10,1024}/g,
    example: {
      secret: "Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U",
      notSecret: "eyJ is how base64 JSON starts",
    },
  },
  {
    id: "bearer-token",
    kind: "bearer token",
    pattern: /\bBearer\s+(?<secret>[A-Za-z0-9._~+/-]{16,2048}=*)/g,
    example: { secret: "Authorization: Bearer 8f3a9c2e1b7d4f6a0c5e", notSecret: "the bearer of this letter" },
  },
  {
    id: "url-password",
    kind: "password in URL",
    pattern: /\b[a-z][a-z0-9+.-]{1,30}:\/\/[^\s:/@]{1,256}:(?<secret>[^\s@/]{1,256})(?=@)/gi,
    example: { secret: "postgres://app:s3cr3t-pw@db.internal:5432/prod", notSecret: "postgres://db.internal:5432/prod" },
  },
  {
    id: "secret-assignment",
    kind: "secret assignment",
    pattern:
      /\b[A-Za-z0-9_.-]{0,64}(?:password|passwd|pwd|secret|token|api[_-]?key|access[_-]?key|private[_-]?key)["']?\s*[:=]\s*["']?(?<secret>[^\s"'&,;]{3,1024})/gi,
    example: { secret: "login --user bob --password=hunter2 && db_token: abc123", notSecret: "max_tokens=1000, password reset requested" },
  },
];

/** Object keys whose values are secrets whatever they look like (`password`, `clientSecret`, `apiKey`…). */
const SECRET_KEY = /(?:^|_)(?:password|passwd|pwd|passphrase|secret|token|api_?key|access_?key|private_?key|secret_?key|auth|authorization|credentials?|cookie)$/;

/** True for a key such as `password`, `db_password`, `apiKey`, `clientSecret`, `accessToken`; not `maxTokens`. */
export function isSecretKey(key: string): boolean {
  const snake = key
    .replace(/([a-z0-9])([A-Z])/g, "$1_$2")
    .replace(/[-\s.]+/g, "_")
    .toLowerCase();
  return SECRET_KEY.test(snake);
}
