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
  /** A check on the matched secret (the `secret` group, else the match) that a candidate must pass. */
  validate?: (value: string) => boolean;
}

/** Names a secret goes by in an assignment (`db_password`, `apikey_myservice`, `secrete`, `db_pass`). */
const SECRET_NAME = "(?:password|passwd|pwd|(?<![a-z])pass(?![a-z])|secret|token|api[_-]?key|apikey|access[_-]?key|private[_-]?key|auth[_-]?key|client[_-]?secret)";
/** Identifier suffixes that make a name metadata about a secret rather than the secret (`token_count`, `password_hint`). */
const META_SUFFIX = "(?![A-Za-z0-9_.-]{0,32}?(?:count|limit|length|len|size|type|name|id|url|uri|file|path|expir\\w*|ttl|max|min|field|hint|policy|prompt|label|reset|format|header|prefix|usage|budget|s)\\b)";

/** Shannon entropy in bits per character. */
function entropy(value: string): number {
  const counts = new Map<string, number>();
  for (const c of value) counts.set(c, (counts.get(c) ?? 0) + 1);
  let h = 0;
  for (const n of counts.values()) h -= (n / value.length) * Math.log2(n / value.length);
  return h;
}

/** Prefixes of hashes and identifiers that read like `prefix_<random>` but are not credentials. */
const NOT_TOKEN_PREFIX = /^(?:sha\d*|md5|sri|uuid|guid|v\d+|rev|commit|build|run|job|trace|span|req|request|msg|evt|event|txn|order|ch|cus|pi|pm|in|ii|po|prod|price|sub|inv|file|img|doc|id)$/i;

/** A vendor-prefixed random token (`pplx-…`, `dt0c01.….…`, `xkeysib-…-…`): after the prefix, at least 20
 * characters, one part of 16 or more that mixes letters and digits with high entropy (a random string, not a
 * word, a date or a pod-name hash), and a prefix that is not a hash algorithm or an id kind. */
export function isPrefixedToken(value: string): boolean {
  if (/[_.~-]$/.test(value) || /\.(?:js|mjs|cjs|css|map|json|html?|png|jpe?g|gif|svg|webp|woff2?|txt|md|gz|zip|tgz|whl|so|dll|exe|py|ts|tsx|go|rs|log|pdf)$/i.test(value)) return false;
  const sep = value.search(/[_.~-]/);
  const prefix = value.slice(0, sep);
  if (NOT_TOKEN_PREFIX.test(prefix) && !(value[sep] === "~" && /^sha\d+$/i.test(prefix))) return false; // sha256~ is an OpenShift token
  const parts = value.slice(sep + 1).split(/[_.~-]/);
  if (parts.join("").length < 20) return false;
  return parts.some((p) => p.length >= 16 && /\d/.test(p) && /[A-Za-z]/.test(p) && new Set(p).size >= 10 && entropy(p) >= 3.3);
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
    id: "gitlab-token",
    kind: "GitLab token",
    pattern: /\bgl(?:pat|dt|ptt|rt|soat|ffct|agent|cbt|oas|imt|ft)-[A-Za-z0-9_-]{20,64}(?![A-Za-z0-9_-])/g,
    example: { secret: "PRIVATE-TOKEN: glpat-xxxxxxxxxxxxxxxxxx1A", notSecret: "glpat- tokens are GitLab personal access tokens" },
  },
  {
    id: "npm-token",
    kind: "npm token",
    pattern: /\bnpm_[A-Za-z0-9]{36}(?![A-Za-z0-9])/g,
    example: { secret: "//registry.npmjs.org/:_authToken=npm_1234567890abcdefghijklmnopqrstuvwxyz", notSecret: "run npm_config_cache" },
  },
  {
    id: "pypi-token",
    kind: "PyPI token",
    pattern: /\bpypi-AgEIcHlwaS5vcmc[A-Za-z0-9_-]{50,300}/g,
    example: { secret: "password = pypi-AgEIcHlwaS5vcmcCJDU3OWE2ZDdjLTQ2NjQtNGRmZi1iMmY0LTFkNTFhNjQ5ZjE5MgACKlsz", notSecret: "pypi-AgEI is the prefix" },
  },
  {
    id: "sendgrid-api-key",
    kind: "SendGrid API key",
    pattern: /\bSG\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{43}(?![A-Za-z0-9_-])/g,
    example: { secret: "SENDGRID_API_KEY=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", notSecret: "SG.1 is a section number" },
  },
  {
    id: "twilio-api-key",
    kind: "Twilio API key",
    pattern: /\bSK[0-9a-f]{32}\b/g,
    example: { secret: "twilio key SKd2d1a9e3f7b6c5a4d3e2f1a0b9c8d7e6", notSecret: "SKU 12345" },
  },
  {
    id: "mailgun-api-key",
    kind: "Mailgun API key",
    pattern: /\bkey-[0-9a-z]{32}\b/g,
    example: { secret: "api:key-3ax6xnjp29jd6fds4gc373sgvjxteol0", notSecret: "key-value store" },
  },
  {
    id: "shopify-token",
    kind: "Shopify token",
    pattern: /\bshp(?:at|ca|pa|ss)_[a-fA-F0-9]{32}\b/g,
    example: { secret: "X-Shopify-Access-Token: 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", notSecret: "shpat_ prefix" },
  },
  {
    id: "huggingface-token",
    kind: "Hugging Face token",
    pattern: /\bhf_[A-Za-z]{34}\b/g,
    example: { secret: "HF_TOKEN=hf_aBcDeFgHiJkLmNoPqRsTuVwXyZaBcDeFgH", notSecret: "hf_hub_download" },
  },
  {
    id: "digitalocean-token",
    kind: "DigitalOcean token",
    pattern: /\bdo[opr]_v1_[a-f0-9]{64}\b/g,
    example: { secret: "dop_v1_2f8e1c7b9a6d5e4f3a2b1c0d9e8f7a6b5c4d3e2f1a0b9c8d7e6f5a4b3c2d1e0f", notSecret: "dop_v1_ short" },
  },
  {
    id: "databricks-token",
    kind: "Databricks token",
    pattern: /\bdapi[a-f0-9]{32}(?:-\d)?\b/g,
    example: { secret: "token: dapi1234567890abcdef1234567890abcdef", notSecret: "dapi is a prefix" },
  },
  {
    id: "google-oauth-secret",
    kind: "Google OAuth client secret",
    pattern: /\bGOCSPX-[A-Za-z0-9_-]{28}(?![A-Za-z0-9_-])/g,
    example: { secret: "client_secret: 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", notSecret: "GOCSPX- prefix" },
  },
  {
    id: "google-oauth-token",
    kind: "Google OAuth access token",
    pattern: /\bya29\.[A-Za-z0-9_-]{30,2048}/g,
    example: { secret: "Authorization ya29.a0AfH6SMBx3kq9ZlNn4oWvB7t8yQpE2rT5uI0oP", notSecret: "ya29. is the prefix" },
  },
  {
    id: "azure-storage-key",
    kind: "Azure storage account key",
    pattern: /\bAccountKey=(?<secret>[A-Za-z0-9+/]{86}==)/g,
    example: {
      secret: "DefaultEndpointsProtocol=https;AccountName=x;AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;",
      notSecret: "AccountKey=<your key>",
    },
  },
  {
    id: "azure-sas-signature",
    kind: "Azure SAS signature",
    pattern: /[?&]sig=(?<secret>[A-Za-z0-9%+/]{40,120}(?:%3D|=){0,2})/g,
    example: { secret: "https://a.blob.core.windows.net/c?sv=2021-08-06&sig=Zk3VhY2RlZmdoaWprbG1ub3BxcnN0dXZ3eHl6MDEyMzQ1Njc4OQ%3D%3D", notSecret: "?sig=short" },
  },
  {
    id: "discord-webhook-url",
    kind: "Discord webhook URL",
    pattern: /https:\/\/(?:ptb\.|canary\.)?discord(?:app)?\.com\/api\/webhooks\/\d{17,20}\/[A-Za-z0-9_-]{60,68}/g,
    example: {
      secret: "https://discord.com/api/webhooks/123456789012345678/AbCdEfGhIjKlMnOpQrStUvWxYz0123456789AbCdEfGhIjKlMnOpQrStUvWxYz0123",
      notSecret: "https://discord.com/api/webhooks/",
    },
  },
  {
    id: "telegram-bot-token",
    kind: "Telegram bot token",
    pattern: /(?<![0-9])\d{8,10}:AA[A-Za-z0-9_-]{33}(?![A-Za-z0-9_-])/g,
    example: { secret: "bot123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw1", notSecret: "12345678:AA" },
  },
  {
    id: "hashicorp-vault-token",
    kind: "HashiCorp Vault token",
    pattern: /\bhv[sb]\.[A-Za-z0-9_-]{24,255}/g,
    example: { secret: "VAULT_TOKEN=hvs.CAESIJlWh6h0bSxm0N4bOGZ5R2c3dGVzdA1234567", notSecret: "hvs.short" },
  },
  {
    id: "age-secret-key",
    kind: "age secret key",
    pattern: /\bAGE-SECRET-KEY-1[QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L]{58}\b/g,
    example: { secret: "AGE-SECRET-KEY-1QQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQ", notSecret: "AGE-SECRET-KEY-1 prefix" },
  },
  {
    id: "postman-api-key",
    kind: "Postman API key",
    pattern: /\bPMAK-[a-f0-9]{24}-[a-f0-9]{34}\b/g,
    example: { secret: "PMAK-5f8e1c7b9a6d5e4f3a2b1c0d-9e8f7a6b5c4d3e2f1a0b9c8d7e6f5a4b3c", notSecret: "PMAK- keys" },
  },
  {
    id: "linear-api-key",
    kind: "Linear API key",
    pattern: /\blin_api_[A-Za-z0-9]{40}\b/g,
    example: { secret: "lin_api_AbCdEfGhIjKlMnOpQrStUvWxYz0123456789AbCd", notSecret: "lin_api_ prefix" },
  },
  {
    id: "new-relic-key",
    kind: "New Relic key",
    pattern: /\bNR(?:AK|II|JS)-[A-Za-z0-9]{27}\b/g,
    example: { secret: "NRAK-ABCDEFGHIJKLMNOPQRSTUVWXYZ0", notSecret: "NRAK- prefix" },
  },
  {
    id: "square-token",
    kind: "Square token",
    pattern: /\b(?:sq0atp|sq0csp)-[A-Za-z0-9_-]{22,43}(?![A-Za-z0-9_-])/g,
    example: { secret: "sq0atp-1a2B3c4D5e6F7g8H9i0J1k", notSecret: "sq0atp- prefix" },
  },
  {
    id: "grafana-token",
    kind: "Grafana token",
    pattern: /\b(?:glc_[A-Za-z0-9+/]{32,400}={0,2}|glsa_[A-Za-z0-9]{32}_[A-Fa-f0-9]{8})(?![A-Za-z0-9+/=])/g,
    example: { secret: "glsa_AbCdEfGhIjKlMnOpQrStUvWxYz012345_1a2b3c4d", notSecret: "glc_ prefix" },
  },
  {
    id: "1password-secret-key",
    kind: "1Password secret key",
    pattern: /\bA3-[A-Z0-9]{6}-(?:[A-Z0-9]{11}|[A-Z0-9]{6}-[A-Z0-9]{5})-[A-Z0-9]{5}-[A-Z0-9]{5}-[A-Z0-9]{5}\b/g,
    example: { secret: "A3-ASWWYB-798JRY-LJVD4-23DC2-86TVM-H43EB", notSecret: "A3-paper" },
  },
  {
    id: "basic-auth-header",
    kind: "basic auth credentials",
    pattern: /\bBasic\s+(?<secret>(?=[A-Za-z]{0,1024}[0-9+/=])[A-Za-z0-9+/]{12,1024}={0,2})(?![A-Za-z0-9+/=])/g,
    example: { secret: "Authorization: Basic dXNlcjpwYXNzd29yZDEyMw==", notSecret: "Basic authentication is supported" },
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
    id: "mailchimp-api-key",
    kind: "Mailchimp API key",
    pattern: /\b[0-9a-f]{32}-us\d{1,2}\b/g,
    example: { secret: "MAILCHIMP_KEY=343ea45721923ed956e2b38c31db76aa-us30", notSecret: "region us-east-1 bucket" },
  },
  {
    id: "easypost-api-key",
    kind: "EasyPost API key",
    pattern: /\bEZ[AT]K[A-Za-z0-9]{54}\b/g,
    example: { secret: "EZAKXHMW5jQJjkLI7uFZ34s97AeNpk5TjXpBJuIWCWGZis8pFqGmxaOhvF", notSecret: "EZAK is short" },
  },
  {
    id: "alibaba-access-key-id",
    kind: "Alibaba Cloud access key id",
    pattern: /\bLTAI[A-Za-z0-9]{20}\b/g,
    example: { secret: "LTAI5tQ8mN2vX7pL4rW1yT8z", notSecret: "LTAI is a prefix" },
  },
  {
    id: "facebook-access-token",
    kind: "Facebook access token",
    pattern: /\bEAA[MC][A-Za-z0-9]{100,512}\b/g,
    example: { secret: `token EAAC${"Zx9Qw8Er7Ty6Ui5Op4As3Df2Gh1Jk0L".repeat(4)}`, notSecret: "EAACCESS denied" },
  },
  {
    id: "secret-assignment",
    kind: "secret assignment",
    pattern: new RegExp(`\\b[A-Za-z0-9_.-]{0,64}${SECRET_NAME}${META_SUFFIX}[A-Za-z0-9_.-]{0,32}["']?\\s*(?::=|={1,3}|!==?|=>|:)\\s*["']?(?<secret>[^\\s"'\`&,;]{3,1024})`, "gi"),
    example: { secret: "login --user bob --password=hunter2 && db_token: abc123", notSecret: "max_tokens=1000, password reset requested" },
  },
  {
    id: "prefixed-token",
    kind: "prefixed token",
    // A vendor prefix (`pplx-`, `rdme_`, `dp.pt.`, `HRKU-AA`, `pscale_pw_`…) and a long random part: the shape most
    // new SaaS tokens share (gitleaks lists dozens), checked by isPrefixedToken (length, mixed, entropy).
    // The separator is written as literals so the rule matcher starts from it (a bounded lead before a literal).
    pattern: /\b[A-Za-z][A-Za-z0-9]{1,11}(?:_|\.|~|-)[A-Za-z0-9][A-Za-z0-9_.~-]{18,400}/g,
    validate: isPrefixedToken,
    example: { secret: "token: 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", notSecret: "build-2026, release v1.2.3, page_size=50" },
  },
  {
    id: "cli-secret-flag",
    kind: "secret command-line flag",
    pattern: /(?<![\w-])--?[a-z0-9][a-z0-9-]{0,40}(?:password|passwd|secret|token|api-?key|access-?key|auth-?key)\s+(?<secret>[^\s"'`-][^\s"'`]{5,255})/gi,
    example: { secret: "sl config --softlayer-api-key abcd1234abcd1234abcd", notSecret: "--password-file /run/secrets/db" },
  },
  {
    id: "secret-assignment-quoted",
    kind: "quoted secret assignment",
    // `password = "with spaces"`, `apikey_myservice: "…"`, `if (db_pass !== "…")`, `secret := \`…\``, `password = @"…"`,
    // `std::string secret("…")`, `char secrete[25] = "…"`: the whole quoted value, up to its closing quote.
    pattern: new RegExp(
      `\\b[A-Za-z0-9_.-]{0,64}${SECRET_NAME}${META_SUFFIX}[A-Za-z0-9_.-]{0,32}(?:\\[\\d*\\])?["'\\]]?\\s*(?::=|={1,3}|!==?|=>|:|\\(|(?<=(?:password|passwd|secrete?|token|key))\\s)\\s*@?(["'\`])(?<secret>(?=[^"'\`\\n]{0,255}[A-Za-z0-9])[^"'\`\\n]{1,256})\\1`,
      "gi",
    ),
    example: { secret: 'password = "value with quotes and spaces"', notSecret: 'max_tokens = "4096"; pass `--no-docker` to skip' },
  },
  {
    id: "secret-comparison",
    kind: "secret in a comparison",
    pattern: new RegExp(`\\(\\s*(["'\`])(?<secret>(?=[^"'\`\\n]{0,255}[A-Za-z0-9])[^"'\`\\n]{3,256})\\1\\s*(?:={2,3}|!==?)\\s*[A-Za-z0-9_.-]{0,64}${SECRET_NAME}[A-Za-z0-9_]{0,32}\\b`, "gi"),
    example: { secret: 'if ("m{{h}o)p$#thisone" == my_super_password) {', notSecret: 'if ("admin" == role) {' },
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
