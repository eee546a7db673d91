import { findMatchPrefixes } from "./find-match-prefixes";

// Runs a set of regex rules over a text in one pass plus a few anchored attempts (pure). Letting each
// rule's global regex scan a 4 KB text tries every offset of it, rule after rule; instead:
//   1. findMatchPrefixes gives, per rule, the short literals every match of it starts with;
//   2. one Aho–Corasick automaton over all rules' prefixes walks the text once (lower-cased ASCII, a table
//      lookup per character) and collects, per rule, the offsets where one of its prefixes starts;
//   3. each rule's regex is then tried only there, anchored (a sticky copy of it run on the whole text,
//      so \b, lookbehinds and lookaheads see exactly what the global regex sees).
// The matches are exactly those of `text.matchAll(rule.pattern)`: the global search finds the leftmost
// offset ≥ the previous match's end where the regex matches, and every such offset is a candidate. A
// rule whose matches can start with anything (no prefix) falls back to its global regex, and offset 0 is
// tried for rules with a `^` branch. create-rule-matcher.test.ts checks the equivalence on rules and corpus.

export interface MatchableRule {
  pattern: RegExp;
}

export interface RuleRun<R> {
  rule: R;
  /** The rule's matches in `text`, in order, lazily (stop early by breaking out of the loop). */
  matches: Iterable<RegExpExecArray>;
}

export interface CreateRuleMatcherOptions<R> {
  rules: readonly R[];
}

export function createRuleMatcher<R extends MatchableRule>({ rules }: CreateRuleMatcherOptions<R>): (text: string) => RuleRun<R>[] {
  const sticky = rules.map((r) => new RegExp(r.pattern.source, `${r.pattern.flags.replace(/[gy]/g, "")}y`));
  const found = rules.map((r) => findMatchPrefixes({ pattern: r.pattern }));
  const prefixes = found.map((f) => f?.prefixes ?? null);
  const offsets = found.map((f) => f?.maxOffset ?? 0);
  const boundary = found.map((f) => f?.boundaryAtStart ?? false);
  const automaton = buildAutomaton(prefixes);
  // A `^` branch adds no prefix (findMatchPrefixes): offset 0 is tried for rules that have one.
  const atStart = found.map((f) => f?.anchoredAtStart ?? false);

  return (text: string) => {
    const starts: number[][] = rules.map(() => []);
    const unsorted = new Uint8Array(rules.length);
    const { symbols, width, delta, outStart, outData } = automaton;
    let state = 0;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      const sym = c < 128 ? symbols[c] : c === 0x212a ? symbols[107] : c === 0x17f ? symbols[115] : 0; // K (Kelvin) / ſ match k / s under /iu
      state = delta[state * width + sym];
      const to = outStart[state + 1];
      for (let j = outStart[state]; j < to; j += 2) {
        const r = outData[j];
        let start = i - outData[j + 1] + 1;
        if (offsets[r]) start -= offsets[r];
        else if (boundary[r] && !maybeBoundary(text, start)) continue; // \b cannot hold here
        const list = starts[r];
        const last = list[list.length - 1];
        if (start === last) continue;
        if (start < last) unsorted[r] = 1;
        list.push(start);
      }
    }
    const runs: RuleRun<R>[] = [];
    for (let r = 0; r < rules.length; r++) {
      if (prefixes[r] === null) {
        runs.push({ rule: rules[r], matches: globalMatches(rules[r].pattern, text) });
        continue;
      }
      let list = starts[r];
      if (atStart[r] && list[0] !== 0) list.unshift(0);
      if (!list.length) continue;
      if (unsorted[r] || atStart[r]) list = [...new Set(list)].sort((a, b) => a - b);
      runs.push({ rule: rules[r], matches: anchoredMatches(sticky[r], text, list, offsets[r], boundary[r]) });
    }
    return runs;
  };
}

function* globalMatches(pattern: RegExp, text: string): Generator<RegExpExecArray> {
  pattern.lastIndex = 0;
  yield* text.matchAll(pattern);
}

/** Tries `re` anchored at each start (each of start … start+span when the prefix may sit `span` later). */
function* anchoredMatches(re: RegExp, text: string, starts: readonly number[], span: number, boundary: boolean): Generator<RegExpExecArray> {
  let from = 0;
  for (const first of starts) {
    for (let at = Math.max(first, from); at <= first + span; ) {
      if (span && boundary && !maybeBoundary(text, at)) {
        at++;
        continue;
      }
      re.lastIndex = at;
      const m = re.exec(text);
      if (!m) {
        at++;
        continue;
      }
      from = at + Math.max(1, m[0].length);
      yield m;
      at = from;
    }
  }
}

interface Automaton {
  /** Symbol of each ASCII code (lower-cased; codes in no prefix share symbol 0); other characters: 0. */
  symbols: Uint8Array;
  width: number;
  /** Next state of state s on symbol y: delta[s * width + y]. States are numbered breadth first, so the
   * rows visited most (the shallow states) sit together at the start of the table. */
  delta: Uint16Array;
  /** Pairs [rule index, prefix length] of every prefix ending in state s: outData[outStart[s] … outStart[s+1]). */
  outStart: Int32Array;
  outData: Int32Array;
}

/** 1: an ASCII word character, 0: another ASCII character or none, 2: non-ASCII (a word character for \w
 * under /iu in a few cases: ſ, K), so unknown. */
const wordClass = (c: number) => (Number.isNaN(c) ? 0 : c >= 128 ? 2 : (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95 ? 1 : 0);

/** False only where `\b` certainly fails at `at`: both neighbours are ASCII (or the text's edge) and of the same class. */
function maybeBoundary(text: string, at: number): boolean {
  const before = wordClass(text.charCodeAt(at - 1));
  const after = wordClass(text.charCodeAt(at));
  return before === 2 || after === 2 || before !== after;
}

function buildAutomaton(prefixes: readonly (string[] | null)[]): Automaton {
  const symbols = new Uint8Array(128);
  let width = 1;
  for (const list of prefixes) for (const p of list ?? []) for (let i = 0; i < p.length; i++) if (!symbols[p.charCodeAt(i)]) symbols[p.charCodeAt(i)] = width++;
  for (let c = 65; c <= 90; c++) symbols[c] = symbols[c + 32]; // prefixes are lower case; the text is read case-blind
  // Trie.
  const next: Map<number, number>[] = [new Map()];
  const own: number[][] = [[]];
  prefixes.forEach((list, rule) => {
    for (const p of list ?? []) {
      let s = 0;
      for (let i = 0; i < p.length; i++) {
        const sym = symbols[p.charCodeAt(i)];
        let t = next[s].get(sym);
        if (t === undefined) {
          t = next.length;
          next.push(new Map());
          own.push([]);
          next[s].set(sym, t);
        }
        s = t;
      }
      own[s].push(rule, p.length);
    }
  });
  // Breadth-first order: failure links, merged outputs, and the numbering of the dense table.
  const n = next.length;
  const order = [0];
  for (let q = 0; q < order.length; q++) for (const t of next[order[q]].values()) order.push(t);
  const id = new Int32Array(n);
  order.forEach((s, i) => (id[s] = i));
  if (n > 0xffff) throw new Error(`createRuleMatcher: ${n} automaton states, more than 65,535 (fewer or shorter prefixes needed)`);
  const delta = new Uint16Array(n * width);
  const fail = new Int32Array(n); // by new number
  const outputs: number[][] = new Array(n);
  for (const s of order) {
    const me = id[s];
    outputs[me] = me === 0 ? [] : [...own[s], ...outputs[fail[me]]];
    for (let sym = 0; sym < width; sym++) {
      const t = next[s].get(sym);
      if (t !== undefined) {
        fail[id[t]] = me === 0 ? 0 : delta[fail[me] * width + sym];
        delta[me * width + sym] = id[t];
      } else delta[me * width + sym] = me === 0 ? 0 : delta[fail[me] * width + sym];
    }
  }
  const outStart = new Int32Array(n + 1);
  for (let s = 0; s < n; s++) outStart[s + 1] = outStart[s] + outputs[s].length;
  const outData = new Int32Array(outStart[n]);
  for (let s = 0; s < n; s++) outData.set(outputs[s], outStart[s]);
  return { symbols, width, delta, outStart, outData };
}
