// Invisible and deceptive characters in untrusted text (gateway-supplied justifications, user goals,
// params, tool names, event fields): what a person reading the text would not see, or would see in
// another order. Pure; shared by the dashboard (components/ui/untrusted-text.tsx), plain-text
// notifications (revealInvisible) and, later, the gateway's guards.

export type InvisibleKind = "tag" | "zero_width" | "bidi" | "control" | "variation_selector";

export interface InvisibleRun {
  /** UTF-16 offsets of the run in the text: text.slice(start, end). */
  start: number;
  end: number;
  kind: InvisibleKind;
  codePoints: number[];
  /** For Unicode tag characters: the ASCII text they spell (the "hidden message"). */
  hidden?: string;
}

const ZERO_WIDTH = new Set([
  0x00ad, // soft hyphen
  0x034f, // combining grapheme joiner
  0x115f, 0x1160, 0x3164, 0xffa0, // Hangul fillers (render as blanks)
  0x17b4, 0x17b5, // Khmer inherent vowels
  0x180e, // Mongolian vowel separator
  0x200b, 0x200c, 0x200d, // zero-width space, non-joiner, joiner
  0x2060, 0x2061, 0x2062, 0x2063, 0x2064, // word joiner, invisible operators
  0xfeff, // zero-width no-break space (BOM)
]);
const BIDI = new Set([0x061c, 0x200e, 0x200f, 0x202a, 0x202b, 0x202c, 0x202d, 0x202e, 0x2066, 0x2067, 0x2068, 0x2069]);

/** The kind of one code point, or null when it is ordinary visible text (tab, newline and CR are). */
export function invisibleKind(cp: number): InvisibleKind | null {
  if (cp >= 0xe0000 && cp <= 0xe007f) return "tag";
  if (ZERO_WIDTH.has(cp)) return "zero_width";
  if (BIDI.has(cp)) return "bidi";
  if ((cp < 0x20 && cp !== 0x09 && cp !== 0x0a && cp !== 0x0d) || (cp >= 0x7f && cp <= 0x9f)) return "control";
  // Supplementary variation selectors carry no glyph of their own and can smuggle data after any character.
  if (cp >= 0xe0100 && cp <= 0xe01ef) return "variation_selector";
  return null;
}

/** Every code point invisibleKind names (a regex scan jumps to them instead of reading each character in JS). */
const CANDIDATES = /[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\u3164\ufeff\uffa0]|\udb40[\udc00-\udc7f\udd00-\uddef]/g;

/** Every run of consecutive invisible characters of one kind, in order. */
export function findInvisibleCharacters(text: string): InvisibleRun[] {
  const runs: InvisibleRun[] = [];
  CANDIDATES.lastIndex = 0;
  for (let m = CANDIDATES.exec(text); m; m = CANDIDATES.exec(text)) {
    const i = m.index;
    const cp = text.codePointAt(i)!;
    const width = cp > 0xffff ? 2 : 1;
    const kind = invisibleKind(cp);
    if (!kind) continue;
    const last = runs[runs.length - 1];
    if (last && last.end === i && last.kind === kind) {
      last.end = i + width;
      last.codePoints.push(cp);
    } else runs.push({ start: i, end: i + width, kind, codePoints: [cp] });
  }
  for (const run of runs) {
    if (run.kind !== "tag") continue;
    const spelled = run.codePoints.filter((cp) => cp >= 0xe0020 && cp <= 0xe007e).map((cp) => String.fromCharCode(cp - 0xe0000));
    if (spelled.length) run.hidden = spelled.join("");
  }
  return runs;
}

const NAMES: Record<number, string> = {
  0x00ad: "SHY", 0x200b: "ZWSP", 0x200c: "ZWNJ", 0x200d: "ZWJ", 0x2060: "WJ", 0xfeff: "BOM",
  0x202a: "LRE", 0x202b: "RLE", 0x202c: "PDF", 0x202d: "LRO", 0x202e: "RLO",
  0x2066: "LRI", 0x2067: "RLI", 0x2068: "FSI", 0x2069: "PDI", 0x200e: "LRM", 0x200f: "RLM", 0x061c: "ALM",
  0x00: "NUL", 0x1b: "ESC", 0x07: "BEL", 0x08: "BS", 0x7f: "DEL",
};

/** A short visible label for one run, e.g. `ZWSP`, `RLO`, `U+0001 U+0002`, `hidden text: "ignore all…"`. */
export function describeInvisibleRun(run: InvisibleRun, maxHidden = 200): string {
  if (run.hidden !== undefined) {
    const h = run.hidden.length > maxHidden ? `${run.hidden.slice(0, maxHidden)}…` : run.hidden;
    return `hidden text: ${JSON.stringify(h)}`;
  }
  const shown = run.codePoints.slice(0, 8).map((cp) => NAMES[cp] ?? `U+${cp.toString(16).toUpperCase().padStart(4, "0")}`);
  if (run.codePoints.length > 8) shown.push(`… ${run.codePoints.length - 8} more`);
  return shown.join(" ");
}

/**
 * The text with each invisible run replaced by a visible marker `⟦…⟧`, for plain-text channels (Slack,
 * webhooks, e-mail, CSV). Text without invisible characters comes back unchanged.
 */
export function revealInvisible(text: string): string {
  const runs = findInvisibleCharacters(text);
  if (!runs.length) return text;
  let out = "";
  let at = 0;
  for (const run of runs) {
    out += text.slice(at, run.start) + `⟦${describeInvisibleRun(run)}⟧`;
    at = run.end;
  }
  return out + text.slice(at);
}
