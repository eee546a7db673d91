// Glob patterns of approval rules (gateway, server, tool): `*` any run of characters, `?` one character,
// `{a,b}` alternatives (nestable), `\` escapes the next character. Matching is case-insensitive: a rule
// written for `Send_Email` also catches `send_email` (when in doubt, ask a person). No regular
// expressions: braces expand to plain patterns (at most MAX_ALTERNATIVES), each matched by the classic
// linear-backtracking wildcard walk, so no pattern can make matching slow.

export const MAX_ALTERNATIVES = 64;

// A token of an expanded pattern: a literal character or a wildcard.
type Token = { lit: string } | "*" | "?";

function tokenize(pattern: string): (Token | { alt: string[] })[] {
  const out: (Token | { alt: string[] })[] = [];
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === "\\" && i + 1 < pattern.length) out.push({ lit: pattern[++i] });
    else if (c === "*" || c === "?") out.push(c);
    else if (c === "{") {
      const end = closingBrace(pattern, i);
      if (end < 0) {
        out.push({ lit: c });
        continue;
      }
      out.push({ alt: splitTopLevel(pattern.slice(i + 1, end)) });
      i = end;
    } else out.push({ lit: c });
  }
  return out;
}

function closingBrace(p: string, open: number): number {
  let depth = 0;
  for (let i = open; i < p.length; i++) {
    if (p[i] === "\\") i++;
    else if (p[i] === "{") depth++;
    else if (p[i] === "}" && --depth === 0) return i;
  }
  return -1;
}

function splitTopLevel(body: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < body.length; i++) {
    if (body[i] === "\\") i++;
    else if (body[i] === "{") depth++;
    else if (body[i] === "}") depth--;
    else if (body[i] === "," && depth === 0) {
      parts.push(body.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(body.slice(start));
  return parts;
}

/** Expands braces into plain token lists (capped, so a hostile pattern cannot explode). */
export function expandGlob(pattern: string): Token[][] {
  let results: Token[][] = [[]];
  for (const t of tokenize(pattern)) {
    if (typeof t === "object" && "alt" in t) {
      const next: Token[][] = [];
      for (const alt of t.alt) for (const tail of expandGlob(alt)) for (const head of results) next.push([...head, ...tail]);
      results = next.slice(0, MAX_ALTERNATIVES);
    } else {
      for (const r of results) r.push(t);
    }
  }
  return results;
}

function matchTokens(tokens: Token[], value: string): boolean {
  let p = 0;
  let v = 0;
  let star = -1;
  let mark = 0;
  while (v < value.length) {
    const t = tokens[p];
    if (t === "?" || (t !== undefined && t !== "*" && t.lit === value[v])) {
      p++;
      v++;
    } else if (t === "*") {
      star = p++;
      mark = v;
    } else if (star >= 0) {
      p = star + 1;
      v = ++mark;
    } else return false;
  }
  while (tokens[p] === "*") p++;
  return p === tokens.length;
}

const cache = new Map<string, Token[][]>();

export function globMatch(pattern: string, value: string): boolean {
  const key = pattern.toLowerCase();
  let expanded = cache.get(key);
  if (!expanded) {
    expanded = expandGlob(key);
    if (cache.size > 1000) cache.clear();
    cache.set(key, expanded);
  }
  const v = value.toLowerCase();
  return expanded.some((tokens) => matchTokens(tokens, v));
}
