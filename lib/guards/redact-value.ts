import { findPii } from "./find-pii";
import { findSecrets } from "./find-secrets";
import { appendPointer, isBinaryField } from "./json-pointer";
import { isSecretKey } from "./secret-rules";
import type { RedactKind, RedactResult, Redaction } from "./types";

// Redacts secrets and personal data inside a JSON value (pure, synchronous). Walks the value — never a
// regex over its serialised text — so every replacement stays inside one string and the result is valid
// JSON of the same shape. Each found span becomes `[REDACTED:<kind>]`; a string under a secret-named key
// (password, apiKey, clientSecret, authorization…) is redacted whole as `secret_field`. MCP content blocks
// are JSON too: text blocks are scanned, image/audio `data` and resource `blob` are not (binary).
// Copy on write: when nothing is found the SAME reference comes back, and unchanged branches are shared.

export interface RedactValueOptions {
  value: unknown;
  /** What to look for; both by default. */
  detect?: readonly RedactKind[];
}

export const redactionLabel = (kind: string) => `[REDACTED:${kind}]`;
const MAX_DEPTH = 256;

interface Span {
  start: number;
  end: number;
  kind: string;
  flag: Redaction["flag"];
}

export function redactValue({ value, detect = ["secret", "pii"] }: RedactValueOptions): RedactResult {
  const redactions: Redaction[] = [];
  const secrets = detect.includes("secret");
  const pii = detect.includes("pii");
  const out = walk(value, "", 0, { secrets, pii, redactions });
  return { value: out, redactions };
}

interface Ctx {
  secrets: boolean;
  pii: boolean;
  redactions: Redaction[];
}

function walk(node: unknown, path: string, depth: number, ctx: Ctx): unknown {
  if (typeof node === "string") return redactString(node, path, ctx);
  if (node === null || typeof node !== "object") return node;
  if (depth >= MAX_DEPTH) {
    // Fail closed: what we cannot walk is not passed on unscanned.
    ctx.redactions.push({ kind: "too_deep", flag: ctx.secrets ? "secret_redacted" : "pii_redacted", path, start: 0, end: 0 });
    return redactionLabel("too_deep");
  }
  if (Array.isArray(node)) {
    let copy: unknown[] | null = null;
    for (let i = 0; i < node.length; i++) {
      const v = walk(node[i], appendPointer(path, i), depth + 1, ctx);
      if (v !== node[i]) {
        copy ??= node.slice();
        copy[i] = v;
      }
    }
    return copy ?? node;
  }
  const obj = node as Record<string, unknown>;
  let copy: Record<string, unknown> | null = null;
  for (const key of Object.keys(obj)) {
    const v0 = obj[key];
    if (typeof v0 === "string" && isBinaryField(obj, key)) continue;
    const p = appendPointer(path, key);
    let v: unknown;
    if (ctx.secrets && typeof v0 === "string" && v0.length > 0 && isSecretKey(key) && !isRedacted(v0) && !isPlaceholder(v0)) {
      ctx.redactions.push({ kind: "secret_field", flag: "secret_redacted", path: p, start: 0, end: v0.length });
      v = redactionLabel("secret_field");
    } else v = walk(v0, p, depth + 1, ctx);
    if (v !== v0) {
      copy ??= { ...obj };
      // defineProperty, not assignment: a JSON key "__proto__" is data here, never the prototype.
      Object.defineProperty(copy, key, { value: v, enumerable: true, writable: true, configurable: true });
    }
  }
  return copy ?? obj;
}

const isRedacted = (s: string) => /^\[REDACTED:[a-z0-9_]{1,64}\]$/.test(s);
/** Values that name a secret rather than hold one: `${DB_PASSWORD}`, `<token>`, `***`, `env:API_KEY`. */
const isPlaceholder = (s: string) => s.length < 3 || /^(?:\$\{?[A-Za-z_]\w*\}?|<[^<>]{1,60}>|\*{3,}|x{3,}|•{3,}|env:[A-Za-z_]\w*|true|false|null|none|bearer|basic|required|optional)$/i.test(s.trim());

/** On the same span, a named kind (aws_secret_access_key) beats a generic one (secret_assignment). */
const GENERIC = new Set(["secret_assignment", "secret_assignment_quoted", "secret_comparison", "cli_secret_flag", "prefixed_token", "bearer_token", "basic_auth_header", "url_password", "openai_api_key"]);
const rank = (kind: string) => (GENERIC.has(kind) ? 1 : 0);

function redactString(text: string, path: string, ctx: Ctx): string {
  if (text.length < 5) return text;
  const spans: Span[] = [];
  if (ctx.secrets) for (const s of findSecrets({ text })) spans.push({ ...s, flag: "secret_redacted" });
  if (ctx.pii) {
    // Personal data never overrides a secret it overlaps (user:password@host reads like an e-mail address).
    const secretSpans = spans.slice();
    for (const s of findPii({ text })) if (!secretSpans.some((x) => s.start < x.end && s.end > x.start)) spans.push({ ...s, flag: "pii_redacted" });
  }
  if (!spans.length) return text;
  spans.sort((a, b) => a.start - b.start || b.end - a.end || (a.flag === b.flag ? rank(a.kind) - rank(b.kind) : a.flag === "secret_redacted" ? -1 : 1));
  let out = "";
  let at = 0;
  for (const s of spans) {
    if (s.start < at) continue; // overlaps: the earliest, then the longest, then secrets win
    out += text.slice(at, s.start) + redactionLabel(s.kind);
    ctx.redactions.push({ kind: s.kind, flag: s.flag, path, start: s.start, end: s.end });
    at = s.end;
  }
  return out + text.slice(at);
}
