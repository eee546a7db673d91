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
const MARKS = /\p{M}/gu;

export function foldText(text: string): FoldedText {
  if (ASCII.test(text)) return { text: text.toLowerCase(), starts: null, ends: null };
  const out: string[] = [];
  const starts: number[] = [];
  const ends: number[] = [];
  let i = 0;
  while (i < text.length) {
    const cp = text.codePointAt(i)!;
    const width = cp > 0xffff ? 2 : 1;
    const end = i + width;
    if (cp < 0x80) {
      out.push(cp >= 0x41 && cp <= 0x5a ? String.fromCharCode(cp + 32) : text[i]);
      starts.push(i);
      ends.push(end);
    } else {
      const kind = invisibleKind(cp);
      if (kind && kind !== "control") {
        // dropped: invisible characters must not split a word the rules look for
      } else {
        const ch = text.slice(i, end);
        let f = CONFUSABLES[ch] ?? CONFUSABLES[ch.toLowerCase()];
        if (f === undefined) {
          f = ch.normalize("NFKD").replace(MARKS, "").toLowerCase();
          if (f.length === 1 && CONFUSABLES[f] !== undefined) f = CONFUSABLES[f];
        }
        for (let k = 0; k < f.length; k++) {
          out.push(f[k]);
          starts.push(i);
          ends.push(end);
        }
      }
    }
    i = end;
  }
  return { text: out.join(""), starts: Int32Array.from(starts), ends: Int32Array.from(ends) };
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
