import { createRuleMatcher } from "./create-rule-matcher";
import { SECRET_RULES } from "./secret-rules";

// Secrets in text (pure, synchronous): the rules of lib/guards/secret-rules.ts (cloud keys, SaaS tokens,
// private keys, JWTs, passwords in URLs, password=/secret= assignments), each giving the span of the secret
// itself (the `secret` group when a rule has one). The maintained secretlint preset is compared in the eval
// (docs/guards.md); its API is asynchronous, so on the call path these rules are used.

export interface SecretSpan {
  start: number;
  end: number;
  /** snake_case rule id, e.g. `aws_access_key_id` (the `[REDACTED:<kind>]` label). */
  kind: string;
}

export interface FindSecretsOptions {
  text: string;
}

const COMPILED = SECRET_RULES.map((rule) => ({
  kind: rule.id.replace(/-/g, "_"),
  validate: rule.validate,
  pattern: new RegExp(rule.pattern.source, rule.pattern.flags.includes("d") ? rule.pattern.flags : `${rule.pattern.flags}d`),
}));

const matchSecrets = createRuleMatcher({ rules: COMPILED });

/** Already-redacted labels are not secrets (redaction is idempotent). */
const REDACTED = /\[REDACTED:[a-z0-9_]{1,64}\]/;

export function findSecrets({ text }: FindSecretsOptions): SecretSpan[] {
  const spans: SecretSpan[] = [];
  if (text.length < 8) return spans;
  for (const { rule, matches } of matchSecrets(text)) {
    const { kind, validate } = rule;
    for (const m of matches) {
      const span = m.indices?.groups?.secret ?? m.indices![0];
      if (!span || span[1] <= span[0]) continue;
      const value = text.slice(span[0], span[1]);
      if (validate && !validate(value)) continue;
      if (REDACTED.test(value) || /^\[?REDACTED/i.test(value) || /^[*x•.]{3,}$/i.test(value) || /^\$\{?[A-Z_]+\}?$/.test(value) || /^<[^>]+>$/.test(value)) continue;
      spans.push({ start: span[0], end: span[1], kind });
    }
  }
  return spans;
}
