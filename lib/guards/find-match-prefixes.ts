import { type AST, parseRegExpLiteral } from "@eslint-community/regexpp";

// The literal prefixes a regular expression's matches can start with (pure, run once per rule when a rule
// set is loaded). Every match of `pattern` starts with one of the returned strings, compared in lower case
// (ASCII). Over-approximation is allowed and used freely: assertions (\b, lookarounds, $) are treated as
// matching anywhere; a character class larger than a few characters, a negated class, `.`, \w, \s and
// non-ASCII characters end a prefix early. Returns null when some match can start with anything (the
// empty prefix), unless a literal follows leading elements of bounded length (then `maxOffset` says how
// far before it a match may start): else the rule must run over the whole text. A `^` branch without the
// m flag matches only at offset 0, which callers try for rules with one.
//
// createRuleMatcher uses this to try each rule only at the offsets where one of its prefixes occurs,
// instead of letting the regex engine attempt every offset of every text (docs/guards.md "Speed").

export interface FindMatchPrefixesOptions {
  pattern: RegExp;
  /** Longest prefix kept (shorter ones when the set would grow past maxPrefixes). */
  maxLength?: number;
  maxPrefixes?: number;
}

const SMALL_CLASS = 12;

interface Part {
  s: string;
  /** true: `s` is the node's whole match, what follows may extend it; false: a prefix, cut here. */
  complete: boolean;
}

class TooMany extends Error {}

export interface MatchPrefixes {
  /** Lower-cased literals; one of them starts at most `maxOffset` UTF-16 units after every match's start. */
  prefixes: string[];
  /** 0 when every match starts with a prefix; else the longest run of the pattern's leading elements. */
  maxOffset: number;
  /** Every match starts at a word boundary: each top-level branch opens with `\b`. */
  boundaryAtStart: boolean;
  /** Some branch opens with `^` (no m flag): it matches at offset 0 only, and adds no prefix. */
  anchoredAtStart: boolean;
}

/** How far a prefix may sit from the match's start at most (`\b[\w.-]{0,64}(?:password|…)`). */
const MAX_OFFSET = 128;

export function findMatchPrefixes({ pattern, maxLength = 5, maxPrefixes = 400 }: FindMatchPrefixesOptions): MatchPrefixes | null {
  const literal = parseRegExpLiteral(pattern);
  const flags = literal.flags;
  const ctx: Ctx = { ignoreCase: flags.ignoreCase, multiline: flags.multiline, limit: maxPrefixes, sawStart: false };
  const boundaryAtStart = literal.pattern.alternatives.every((alt) => alt.elements[0]?.type === "Assertion" && alt.elements[0].kind === "word" && !alt.elements[0].negate);
  const direct = prefixesOf((k) => alternatives(literal.pattern.alternatives, k, ctx), maxLength);
  if (direct) return { prefixes: direct, maxOffset: 0, boundaryAtStart, anchoredAtStart: ctx.sawStart };
  // No literal at the start (`\b[a-z][a-z0-9+.-]{1,30}:\/\/…`): a literal after leading elements of bounded
  // length will do; candidates are then the offsets up to that length before each occurrence.
  if (literal.pattern.alternatives.length !== 1) return null;
  const elements = literal.pattern.alternatives[0].elements;
  const unit = flags.unicode || flags.unicodeSets ? 2 : 1;
  let offset = 0;
  for (let i = 1; i < elements.length; i++) {
    offset += maxWidth(elements[i - 1], unit);
    if (offset > MAX_OFFSET) return null;
    const found = prefixesOf((k) => sequence(elements, i, k, ctx), maxLength);
    if (found) return { prefixes: found, maxOffset: offset, boundaryAtStart, anchoredAtStart: ctx.sawStart };
  }
  return null;
}

function prefixesOf(compute: (k: number) => Part[], maxLength: number): string[] | null {
  for (let k = maxLength; k >= 1; k--) {
    try {
      const prefixes = new Set<string>();
      for (const p of compute(k)) {
        if (p.s === "") return null; // a match may start with anything
        prefixes.add(p.s);
      }
      // "pwd" makes "pwd:" redundant: keep the shortest of each chain.
      return [...prefixes].filter((p) => ![...prefixes].some((q) => q.length < p.length && p.startsWith(q)));
    } catch (err) {
      if (!(err instanceof TooMany)) throw err;
    }
  }
  return null;
}

/** The most UTF-16 units an element can match (Infinity when unbounded). */
function maxWidth(node: AST.Element, unit: number): number {
  switch (node.type) {
    case "Assertion":
      return 0;
    case "Character":
      return node.value > 0xffff ? 2 : 1;
    case "CharacterClass":
    case "CharacterSet":
      return unit;
    case "Group":
    case "CapturingGroup":
      return Math.max(0, ...node.alternatives.map((alt) => alt.elements.reduce((sum, el) => sum + maxWidth(el, unit), 0)));
    case "Quantifier":
      return node.max === 0 ? 0 : node.max * maxWidth(node.element, unit);
    default:
      return Infinity;
  }
}

interface Ctx {
  ignoreCase: boolean;
  multiline: boolean;
  limit: number;
  sawStart: boolean;
}

/** Marks a branch that can only match at offset 0 (`^` without the m flag): it adds no prefix. */
const AT_START: Part[] = [];

function dedupe(parts: Part[], ctx: Ctx): Part[] {
  const seen = new Map<string, Part>();
  for (const p of parts) {
    const key = `${p.complete ? 1 : 0}${p.s}`;
    if (!seen.has(key)) seen.set(key, p);
  }
  if (seen.size > ctx.limit) throw new TooMany();
  return [...seen.values()];
}

function alternatives(alts: readonly AST.Alternative[], k: number, ctx: Ctx): Part[] {
  const out: Part[] = [];
  for (const alt of alts) out.push(...sequence(alt.elements, 0, k, ctx));
  return dedupe(out, ctx);
}

function sequence(elements: readonly AST.Element[], from: number, k: number, ctx: Ctx): Part[] {
  if (from >= elements.length || k <= 0) return [{ s: "", complete: from >= elements.length }];
  const head = element(elements[from], k, ctx);
  if (head === AT_START) return AT_START;
  const out: Part[] = [];
  for (const h of head) {
    if (!h.complete || h.s.length >= k) {
      out.push({ s: h.s.slice(0, k), complete: false });
      continue;
    }
    const rest = sequence(elements, from + 1, k - h.s.length, ctx);
    for (const r of rest) out.push({ s: h.s + r.s, complete: r.complete });
  }
  return dedupe(out, ctx);
}

function element(node: AST.Element, k: number, ctx: Ctx): Part[] {
  switch (node.type) {
    case "Assertion":
      if (node.kind === "start" && !ctx.multiline) {
        ctx.sawStart = true;
        return AT_START;
      }
      return [{ s: "", complete: true }]; // zero-width: over-approximated as always true
    case "Character":
    case "CharacterClass":
    case "CharacterSet": {
      const chars = charsOf(node, ctx);
      if (!chars) return [{ s: "", complete: false }];
      return chars.map((c) => ({ s: c, complete: true }));
    }
    case "Group":
    case "CapturingGroup": {
      const parts = alternatives(node.alternatives, k, ctx);
      return parts;
    }
    case "Quantifier": {
      if (node.max === 0) return [{ s: "", complete: true }];
      const out: Part[] = [];
      // n copies for n = min … min+k (each copy that consumes adds at least one character, so more than
      // k copies past the minimum only make longer prefixes, which are cut at k anyway).
      const most = Math.min(node.max, node.min + k);
      for (let n = node.min; n <= most; n++) {
        const copies = Array.from({ length: n }, () => node.element);
        const parts = n === 0 ? [{ s: "", complete: true }] : sequence(copies, 0, k, ctx);
        if (parts === AT_START) continue;
        for (const p of parts) out.push(n === most && n < node.max && p.complete ? { s: p.s, complete: false } : p);
      }
      return dedupe(out, ctx);
    }
    default:
      return [{ s: "", complete: false }]; // back-references and anything else: unknown, cut here
  }
}

/** The lower-cased ASCII characters one character node can match, or null when too many or not ASCII. */
function charsOf(node: AST.Character | AST.CharacterClass | AST.CharacterSet, ctx: Ctx): string[] | null {
  const set = new Set<string>();
  const add = (cp: number) => {
    if (cp > 0x7f) return false;
    set.add(String.fromCharCode(cp).toLowerCase());
    return true;
  };
  if (node.type === "Character") return add(node.value) ? [...set] : null;
  if (node.type === "CharacterSet") {
    if (node.kind !== "digit" || node.negate) return null;
    for (let c = 48; c <= 57; c++) add(c);
    return [...set];
  }
  if (node.negate) return null;
  for (const el of node.elements) {
    if (el.type === "Character") {
      if (!add(el.value)) return null;
    } else if (el.type === "CharacterClassRange") {
      if (el.max.value - el.min.value + 1 > SMALL_CLASS * 3) return null;
      for (let c = el.min.value; c <= el.max.value; c++) if (!add(c)) return null;
    } else if (el.type === "CharacterSet" && el.kind === "digit" && !el.negate) {
      for (let c = 48; c <= 57; c++) add(c);
    } else return null;
  }
  if (set.size > SMALL_CLASS) return null;
  void ctx;
  return [...set];
}
