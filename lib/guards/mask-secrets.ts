import { isSecretKey, SECRET_RULES } from "./secret-rules";

// Masks detected secrets in a JSON value for people to read (pure). Walks the value (not its serialised
// text): every string is scanned with SECRET_RULES, and the value of a secret-named key (password, token,
// apiKey…) is masked whole. A mask is visible as a mask: `[masked secret: <kind>]`.

export const MASK_PREFIX = "[masked secret: ";
const MAX_DEPTH = 256;

export const maskLabel = (kind: string) => `${MASK_PREFIX}${kind}]`;
const MASK = /\[masked secret: [^\]\n]{1,300}\]/g;

/** `text` with every detected secret replaced by its mask (overlaps: the earliest, then longest, wins). */
export function maskSecretsInText(text: string): string {
  // Masks already in the text stay as they are (masking is idempotent: a masked copy can be masked again).
  const found: { start: number; end: number; kind: string | null }[] = [...text.matchAll(MASK)].map((m) => ({ start: m.index, end: m.index + m[0].length, kind: null }));
  for (const rule of SECRET_RULES) {
    const re = new RegExp(rule.pattern.source, rule.pattern.flags.includes("d") ? rule.pattern.flags : `${rule.pattern.flags}d`);
    for (const m of text.matchAll(re)) {
      const span = m.indices?.groups?.secret ?? m.indices![0];
      if (span && span[1] > span[0] && (!rule.validate || rule.validate(text.slice(span[0], span[1])))) found.push({ start: span[0], end: span[1], kind: rule.kind });
    }
  }
  if (found.every((f) => f.kind === null)) return text;
  found.sort((a, b) => a.start - b.start || b.end - a.end);
  let out = "";
  let at = 0;
  for (const f of found) {
    if (f.start < at) continue;
    out += text.slice(at, f.start) + (f.kind === null ? text.slice(f.start, f.end) : maskLabel(f.kind));
    at = f.end;
  }
  return out + text.slice(at);
}

/** A copy of the JSON value `value` with detected secrets masked. */
export function maskSecrets(value: unknown, depth = 0): unknown {
  if (typeof value === "string") return maskSecretsInText(value);
  if (value === null || typeof value !== "object") return value;
  if (depth >= MAX_DEPTH) return maskLabel(`nested deeper than ${MAX_DEPTH} levels, not shown`);
  if (Array.isArray(value)) return value.map((v) => maskSecrets(v, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    out[k] = isSecretKey(k) && (typeof v === "string" || typeof v === "number") && v !== "" ? maskLabel(`value of "${k}"`) : maskSecrets(v, depth + 1);
  }
  return out;
}
