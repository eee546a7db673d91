import { invisibleKind } from "./find-invisible-characters";

// Folds text for matching rules against adversarial spellings (pure): lower case, compatibility forms
// (NFKD: fullwidth ｉｇｎｏｒｅ, mathematical 𝐢𝐠𝐧𝐨𝐫𝐞), diacritics stripped (ïgnöre), common homoglyphs folded to
// Latin (Cyrillic/Greek/Armenian look-alikes: Cyrillic "іgnоrе"), invisible characters dropped (zero-width,
// tags, bidi, variation selectors: "ig\u200bnore"). Keeps a map back to the original UTF-16 offsets so a
// finding's span points into the text the caller passed. ASCII text (the common case) takes a fast path:
// only lower-cased, same offsets.

/** A subset of Unicode's confusables.txt (Unicode License v3): letters that render like Latin ones. */
const CONFUSABLES: Record<string, string> = {
  // Cyrillic
  а: "a", в: "b", е: "e", ё: "e", к: "k", м: "m", н: "h", о: "o", р: "p", с: "c", т: "t", у: "y", х: "x",
  і: "i", ї: "i", ј: "j", ѕ: "s", ԁ: "d", ԛ: "q", ԝ: "w", һ: "h", ӏ: "l", ɡ: "g", ь: "b", г: "r", п: "n", ү: "y",
  // Greek
  α: "a", β: "b", γ: "y", ε: "e", η: "n", ι: "i", κ: "k", ν: "v", ο: "o", ρ: "p", τ: "t", υ: "u", χ: "x",
  ω: "w", ς: "c", σ: "o", μ: "u",
  // Armenian and others
  օ: "o", ս: "u", ո: "n", հ: "h", ց: "g", ք: "p", ɑ: "a", ı: "i", ȷ: "j", ʟ: "l", ɪ: "i", ɴ: "n", ʀ: "r", ꞵ: "b",
  "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-", "\u2212": "-",
  "\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"', "\u00a0": " ", "\u3000": " ",
};

export interface FoldedText {
  /** The folded text the rules run on. */
  text: string;
  /** UTF-16 offset in the original of folded char i (length = text.length); null when identical. */
  starts: Int32Array | null;
  /** UTF-16 end offset in the original of folded char i. */
  ends: Int32Array | null;
}

const ASCII = /^[\x00-\x7f]*$/;
const NON_ASCII = /[^\x00-\x7f]+/g;
const MARKS = /\p{M}/gu;
const CACHE = new Map<string, string>();

/** The folded form of one non-ASCII character ("" for invisible ones), cached. */
function foldChar(ch: string, cp: number): string {
  let f = CACHE.get(ch);
  if (f !== undefined) return f;
  const kind = invisibleKind(cp);
  if (kind && kind !== "control") f = "";
  else {
    f = CONFUSABLES[ch] ?? CONFUSABLES[ch.toLowerCase()];
    if (f === undefined) {
      f = ch.normalize("NFKD").replace(MARKS, "").toLowerCase();
      if (f.length === 1 && CONFUSABLES[f] !== undefined) f = CONFUSABLES[f];
    }
  }
  if (CACHE.size < 50_000) CACHE.set(ch, f);
  return f;
}

export function foldText(text: string): FoldedText {
  if (ASCII.test(text)) return { text: text.toLowerCase(), starts: null, ends: null };
  const parts: string[] = [];
  let starts = new Int32Array(text.length + 16);
  let ends = new Int32Array(text.length + 16);
  let n = 0;
  const ensure = (extra: number) => {
    if (n + extra <= starts.length) return;
    const grow = (a: Int32Array) => {
      const b = new Int32Array(Math.max(a.length * 2, n + extra));
      b.set(a);
      return b;
    };
    starts = grow(starts);
    ends = grow(ends);
  };
  let at = 0;
  const ascii = (from: number, to: number) => {
    if (to <= from) return;
    parts.push(text.slice(from, to).toLowerCase());
    ensure(to - from);
    for (let i = from; i < to; i++, n++) {
      starts[n] = i;
      ends[n] = i + 1;
    }
  };
  NON_ASCII.lastIndex = 0;
  for (let m = NON_ASCII.exec(text); m; m = NON_ASCII.exec(text)) {
    ascii(at, m.index);
    const runEnd = m.index + m[0].length;
    let i = m.index;
    while (i < runEnd) {
      const cp = text.codePointAt(i)!;
      const width = cp > 0xffff ? 2 : 1;
      const f = foldChar(text.slice(i, i + width), cp);
      if (f) {
        parts.push(f);
        ensure(f.length);
        for (let k = 0; k < f.length; k++, n++) {
          starts[n] = i;
          ends[n] = i + width;
        }
      }
      i += width;
    }
    at = runEnd;
  }
  ascii(at, text.length);
  return { text: parts.join(""), starts: starts.subarray(0, n), ends: ends.subarray(0, n) };
}

/** The original span of folded span [start, end). */
export function unfoldSpan(folded: FoldedText, start: number, end: number, originalLength: number): [number, number] {
  if (!folded.starts || !folded.ends) return [start, end];
  if (end <= start) {
    const at = start < folded.starts.length ? folded.starts[start] : originalLength;
    return [at, at];
  }
  return [folded.starts[start], folded.ends[Math.min(end, folded.ends.length) - 1]];
}
