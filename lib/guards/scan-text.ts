import { describeInvisibleRun, findInvisibleCharacters, type InvisibleRun } from "./find-invisible-characters";
import { foldText, unfoldSpan } from "./fold-text";
import { INJECTION_RULES, type InjectionRule } from "./injection-rules";
import { createRuleMatcher } from "./create-rule-matcher";
import type { Finding, Severity, Where } from "./types";

// The fast injection/poisoning scan of one text (pure, synchronous, no I/O): the rules that decide on the
// gateway's call path. Returns findings with flag, category, severity and the span in `text`:
//   prompt_injection / tool_shadowing — INJECTION_RULES on the folded text (case, homoglyphs, invisibles);
//   hidden_unicode   — Unicode tags (with the message they spell scanned too), zero-width, bidi overrides,
//                      variation-selector smuggling, control characters;
//   ansi_escape      — terminal escape sequences (colour: low; cursor/erase/conceal/OSC: high);
//   encoded_payload  — base64 runs that decode to text the injection rules flag;
//   exfiltration_link — markdown/HTML images and links whose URL carries data or a placeholder in its query.
// Secrets and PII are not here: redactValue finds and removes them (its redactions carry the flags).
// Heavy rule sets run off the call path (docs/guards.md "Two speeds").
// Changing these code detectors changes findings: bump FAST_SCAN_REVISION (lib/guards/fingerprint-guard-rules.ts)
// so the tool inventory re-scans what it stored (INJECTION_RULES are hashed as data, no bump needed).

export interface ScanTextOptions {
  text: string;
  where: Where;
}

const MAX_TEXT = 1 << 20; // scan the first MiB of one string; the rest is flagged as unscanned by scanValue callers
const MAX_FINDINGS_PER_RULE = 20;
const RTL = /[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc]/;
const EMOJI = /\p{Extended_Pictographic}|\p{Emoji_Modifier}|\uFE0F/u;
const LETTER = /\p{L}|\p{M}/u;

export function scanText({ text, where }: ScanTextOptions): Finding[] {
  if (!text) return [];
  const t = text.length > MAX_TEXT ? text.slice(0, MAX_TEXT) : text;
  const findings: Finding[] = [];
  scanInjection(t, where, findings, 0);
  scanInvisible(t, where, findings);
  if (t.includes("\x1b") || t.includes("\x9b")) scanAnsi(t, findings);
  scanLinks(t, where, findings);
  scanEncoded(t, where, findings);
  findings.sort((a, b) => a.start - b.start || b.end - a.end);
  return findings;
}

const matchInjection = createRuleMatcher({ rules: INJECTION_RULES });

function ruleApplies(rule: InjectionRule, where: Where): boolean {
  if (rule.where && !rule.where.includes(where)) return false;
  // Params are written by the agent: only the strong rules, never the evidence combination or shadowing.
  return true;
}

const WEAK_WEIGHT: Record<string, number> = { "weak.directive": 0.5, "weak.model-mention": 0.5, "weak.read-sensitive-file": 1.5 };

/** Commentary that talks about an attack rather than making one: a quoted phrase in text about detection,
 * examples or jailbreaks ("detects phrases such as 'ignore previous instructions'"), or a phrase introduced
 * as an example ("e.g.", "such as", "known as"). Runs on the folded text. */
const QUOTE_BEFORE = /['"`\u2018\u201c\u00ab(]\s{0,2}$/;
const META = /\b(?:detect\w*|scan\w*|classif\w*|flag\w*|recogni[sz]\w*|identif\w*|explain\w*|discuss\w*|describ\w*|such\s+as|e\.g\.|for\s+example|for\s+instance|like|phrases?|patterns?|attacks?|attackers?|attempts?|injections?|jailbreaks?|techniques?|examples?|known|common|called|termed|stands\s+for|research|paper|moderat\w*|owasp|payloads?|strings?|filters?|guard\w*|defen[cs]\w*|warn\w*)\b/;
// A lookbehind at the end: the engine reads backwards from the end once instead of trying every offset.
const EXAMPLE_BEFORE = /(?<=(?:such\s+as|e\.g\.,?|for\s+example,?|for\s+instance,?|phrases?\s+like|known\s+as|called|stands\s+for|i\.e\.,?)\s{0,2}['"`\u2018\u201c]?\s{0,2})$/;

function isMention(folded: string, start: number, end: number): boolean {
  const before = folded.slice(Math.max(0, start - 160), start);
  if (EXAMPLE_BEFORE.test(before)) return true;
  if (!QUOTE_BEFORE.test(before)) return false;
  const after = folded.slice(end, end + 40);
  if (!/^[^'"`\u2019\u201d\u00bb)\n]{0,30}['"`\u2019\u201d\u00bb)]/.test(after)) return false;
  return META.test(before);
}

/** Injection rules on `text`; `depth` > 0 when the text was decoded from a payload (no further decoding). */
function scanInjection(text: string, where: Where, out: Finding[], depth: number): void {
  const folded = foldText(text);
  const weakHits: { rule: InjectionRule; start: number; end: number }[] = [];
  for (const { rule, matches } of matchInjection(folded.text)) {
    if (!ruleApplies(rule, where)) continue;
    if (rule.strength === "weak" && where === "param") continue;
    let n = 0;
    for (const m of matches) {
      if (isMention(folded.text, m.index, m.index + m[0].length)) continue;
      const [start, end] = unfoldSpan(folded, m.index, m.index + m[0].length, text.length);
      if (rule.strength === "weak") {
        weakHits.push({ rule, start, end });
        break; // one hit per weak rule is all the combination needs
      }
      out.push({ flag: rule.flag, category: rule.category, severity: rule.severity, rule: rule.id, message: rule.message, start, end });
      if (++n >= MAX_FINDINGS_PER_RULE) break;
    }
  }
  const distinct = new Set(weakHits.map((h) => h.rule.id));
  const strongFound = out.some((f) => f.flag === "prompt_injection" || f.flag === "tool_shadowing");
  // Two kinds of weak evidence together (e.g. a precondition and a credential path) make one finding;
  // a directive or a mention of "the AI" counts half, and the two sensitive-data rules count once.
  let evidence = 0;
  for (const id of distinct) evidence += WEAK_WEIGHT[id] ?? 1;
  if (distinct.has("weak.sensitive-mention") && distinct.has("weak.read-sensitive-file")) evidence -= 1;
  if (!strongFound && evidence >= 2) {
    const start = Math.min(...weakHits.map((h) => h.start));
    const end = Math.max(...weakHits.map((h) => h.end));
    out.push({
      flag: "prompt_injection",
      category: "combined",
      severity: distinct.size >= 3 ? "high" : "medium",
      rule: "inj.combined",
      message: `several signs of instructions to the model together: ${[...distinct].map((id) => INJECTION_RULES.find((r) => r.id === id)!.category).join(", ")}`,
      start,
      end,
    });
  }
  void depth;
}

function scanInvisible(text: string, where: Where, out: Finding[]): void {
  if (/^[\x09\x0a\x0d\x20-\x7e]*$/.test(text)) return; // printable ASCII: nothing invisible
  const runs = findInvisibleCharacters(text);
  for (const run of runs) {
    if (run.codePoints.every((cp) => cp === 0x1b) || (run.kind === "control" && run.codePoints.some((cp) => cp === 0x1b || cp === 0x9b))) continue; // ANSI: scanAnsi
    const severity = invisibleSeverity(text, run);
    if (!severity) continue;
    out.push({
      flag: "hidden_unicode",
      category: run.kind,
      severity,
      rule: `unicode.${run.kind}`,
      message: `invisible characters: ${describeInvisibleRun(run, 120)}`,
      start: run.start,
      end: run.end,
    });
    if (run.kind === "tag" && run.hidden) {
      // The message the tag characters spell is read by the model: scan it as text of the same origin.
      const inner: Finding[] = [];
      scanInjection(run.hidden, where === "param" ? "tool_output" : where, inner, 1);
      for (const f of inner) out.push({ ...f, severity: "critical", message: `hidden in Unicode tags: ${f.message}`, start: run.start, end: run.end });
    }
  }
}

function invisibleSeverity(text: string, run: InvisibleRun): Severity | null {
  switch (run.kind) {
    case "tag":
      // A lone flag-emoji tag sequence (🏴 + tags + cancel tag) is legitimate: subdivision flags.
      if (run.start > 0 && text.codePointAt(run.start - 2) === 0x1f3f4 && run.codePoints.at(-1) === 0xe007f && run.codePoints.length <= 8) return null;
      return "critical";
    case "variation_selector":
      return "high";
    case "bidi": {
      const overrides = run.codePoints.some((cp) => (cp >= 0x202a && cp <= 0x202e) || (cp >= 0x2066 && cp <= 0x2069));
      if (!overrides) return RTL.test(text) ? null : "medium"; // LRM/RLM/ALM marks are normal in RTL text
      return RTL.test(text) && run.codePoints.every((cp) => cp === 0x202c || cp === 0x2069 || cp === 0x2067 || cp === 0x2068 || cp === 0x2066) ? "low" : "high";
    }
    case "zero_width": {
      const before = text.slice(Math.max(0, run.start - 2), run.start);
      const after = text.slice(run.end, run.end + 2);
      if (run.codePoints.length === 1) {
        const cp = run.codePoints[0];
        if (cp === 0xfeff && run.start === 0) return null; // byte-order mark
        if (cp === 0x200d && (EMOJI.test(before) || EMOJI.test(after))) return null; // emoji ZWJ sequence
        if ((cp === 0x200c || cp === 0x200d) && /[^\x00-\x7f]/.test(before + after) && LETTER.test(before.slice(-1)) && LETTER.test(after.slice(0, 1))) return null; // joiners in Persian, Indic…
        if (cp >= 0x2061 && cp <= 0x2064 && /[\p{L}\p{N})]$/u.test(before) && /^[\p{L}\p{N}(]/u.test(after)) return null; // invisible times/plus in math
        if (cp === 0x00ad) return /[A-Za-z]/.test(before.slice(-1)) && /[A-Za-z]/.test(after.slice(0, 1)) ? "low" : null; // soft hyphen
      }
      return run.codePoints.length >= 4 ? "high" : "medium";
    }
    case "control":
      return run.codePoints.some((cp) => cp === 0x08 || cp === 0x0b || cp === 0x0c || cp === 0x7f || cp === 0x00) ? "medium" : "low";
  }
}

const ANSI = /\x1b\[[0-?]{0,32}[ -/]{0,8}[@-~]|\x9b[0-?]{0,32}[ -/]{0,8}[@-~]|\x1b\][^\x07\x1b]{0,4096}(?:\x07|\x1b\\)?|\x1b[P^_][^\x1b]{0,4096}(?:\x1b\\)?|\x1b[@-Z\\-_]|\x1b[()][0-9A-Za-z]/g;

function scanAnsi(text: string, out: Finding[]): void {
  let n = 0;
  for (const m of text.matchAll(ANSI)) {
    const seq = m[0];
    let severity: Severity = "high";
    let what = "terminal control sequence";
    if (/^(?:\x1b\[|\x9b)[0-9;]*m$/.test(seq)) {
      const params = seq.replace(/^(?:\x1b\[|\x9b)/, "").slice(0, -1).split(";").map(Number);
      const fg = params.find((p) => (p >= 30 && p <= 37) || (p >= 90 && p <= 97));
      const bg = params.find((p) => (p >= 40 && p <= 47) || (p >= 100 && p <= 107));
      const hides = params.includes(8) || (fg !== undefined && bg !== undefined && fg + 10 === bg);
      if (!hides) continue; // colour and style: what terminals and CI logs are full of, hides nothing
      severity = "high";
      what = "conceal (text drawn invisible)";
    } else if (seq.startsWith("\x1b]")) {
      severity = seq.startsWith("\x1b]8;") ? "medium" : "high";
      what = seq.startsWith("\x1b]8;") ? "terminal hyperlink" : "operating system command (title, clipboard…)";
    } else if (/[ABCDEFGHJKSTfsu]$/.test(seq)) what = "cursor movement or erase (can overwrite shown text)";
    out.push({ flag: "ansi_escape", category: "ansi_escape", severity, rule: "ansi.escape", message: `ANSI escape: ${what}`, start: m.index, end: m.index + seq.length });
    if (++n >= 50) break;
  }
}

const MD_IMAGE = /!\[[^\]\n]{0,300}\]\(\s*<?((?:https?:)?\/\/[^\s)>]{1,4096})/gi;
const MD_LINK = /(?<!!)\[[^\]\n]{0,300}\]\(\s*<?((?:https?:)?\/\/[^\s)>]{1,4096})/gi;
const HTML_IMG = /<(?:img|image|iframe|script|link|source|video|audio|embed|object)\b[^>]{0,400}?\b(?:src|href|data|srcset|poster)\s*=\s*["']?((?:https?:)?\/\/[^\s"'>]{1,4096})/gi;
const REF_IMAGE = /^\s{0,3}\[[^\]\n]{1,100}\]:\s*<?((?:https?:)?\/\/[^\s>]{1,4096})/gim;
const TEMPLATE = /\{\{?[^{}\s]{0,60}\}?\}|\$\{?[A-Za-z_]\w{0,40}|<[A-Za-z_][^<>\s]{0,60}>|%7B|%24%7B|\[(?:data|secret|conversation|history|key|token|password|info|content|context|message|summary|chat|memory|env|credentials?)[^\]]{0,40}\]/i;
const DATA_KEY = /^(?:d|q|c|p|m|data|dat|payload|content|secret|secrets|key|token|password|pwd|pass|leak|exfil|info|text|msg|message|conversation|history|chat|context|memory|env|creds?|credentials?|session|cookie|body|log|summary|s|x|v|value|input|prompt)$/i;
const SENSITIVE_VALUE = /(?:AKIA|ASIA)[A-Z0-9]{16}|gh[pousr]_[A-Za-z0-9]{20,}|sk-[A-Za-z0-9_-]{20,}|xox[abposre]-|eyJ[A-Za-z0-9_-]{10,}\.|-----BEGIN|password|passwd|secret|api[_-]?key|ssh-rsa/i;

function scanLinks(text: string, where: Where, out: Finding[]): void {
  if (!text.includes("//")) return;
  const seen = new Set<number>();
  const check = (re: RegExp, isImage: boolean) => {
    for (const m of text.matchAll(re)) {
      const url = m[1];
      const urlStart = m.index + m[0].length - url.length;
      if (seen.has(urlStart)) continue;
      const verdict = linkVerdict(url, isImage, where);
      if (!verdict) continue;
      seen.add(urlStart);
      out.push({
        flag: "exfiltration_link",
        category: isImage ? "image_exfiltration" : "link_exfiltration",
        severity: verdict.severity,
        rule: isImage ? "exfil.image-url" : "exfil.link-url",
        message: `${isImage ? "an image" : "a link"} whose URL carries ${verdict.why}`,
        start: m.index,
        end: m.index + m[0].length,
      });
    }
  };
  check(MD_IMAGE, true);
  check(HTML_IMG, true);
  check(REF_IMAGE, true);
  check(MD_LINK, false);
}

function linkVerdict(url: string, isImage: boolean, where: Where): { severity: Severity; why: string } | null {
  const q = url.search(/[?#]/);
  const path = q < 0 ? url : url.slice(0, q);
  const query = q < 0 ? "" : url.slice(q + 1);
  if (TEMPLATE.test(url)) return { severity: "high", why: "a placeholder to be filled with data" };
  let decoded = query;
  try {
    decoded = decodeURIComponent(query.replace(/\+/g, " "));
  } catch {
    /* keep raw */
  }
  if (SENSITIVE_VALUE.test(decoded) || SENSITIVE_VALUE.test(path.replace(/^[^/]*\/\/[^/]*/, ""))) return { severity: "critical", why: "what looks like a secret" };
  if (where === "param") return null; // the agent's own URLs: only placeholders and secrets matter
  for (const pair of query.split(/[&;#]/)) {
    const eq = pair.indexOf("=");
    const key = eq < 0 ? "" : pair.slice(0, eq);
    const value = eq < 0 ? pair : pair.slice(eq + 1);
    if (/^utm_|^ref$|^v$|^ver$|^version$|^w$|^h$|^width$|^height$|^size$|^format$|^fm$|^auto$|^fit$|^s$|^raw$/i.test(key) && value.length < 64) continue;
    const long = value.length >= (isImage ? 24 : 48);
    const dataKey = DATA_KEY.test(key);
    const encodedish = /^[A-Za-z0-9+/_-]{24,}={0,2}$/.test(value) || /(?:%[0-9A-Fa-f]{2}){6,}/.test(value) || /(?:%20|\+)[^&]{0,200}(?:%20|\+)[^&]{0,200}(?:%20|\+)/.test(value);
    if (isImage && (long || (dataKey && value.length >= 8) || (encodedish && value.length >= 16))) return { severity: "high", why: "data in its query" };
    if (!isImage && ((dataKey && value.length >= 40) || (encodedish && value.length >= 64))) return { severity: "medium", why: "data in its query" };
  }
  // Data in the path of an image URL: a long encoded segment (https://x.example/log/SGVsbG8gd29ybGQ…)
  if (isImage) {
    const segs = path.replace(/^[^/]*\/\/[^/]*/, "").split("/");
    if (segs.some((s) => /^[A-Za-z0-9+_=-]{40,}$/.test(s) && /[A-Z]/.test(s) && /[a-z]/.test(s) && /[0-9]/.test(s))) return { severity: "medium", why: "encoded data in its path" };
  }
  return null;
}

/** Characters of base64 and base64url (a Uint8Array lookup: 1 in a run, 2 for "=" padding). */
const B64 = new Uint8Array(128);
for (const c of "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/_-") B64[c.charCodeAt(0)] = 1;
B64[61] = 2;

/** Maximal runs of 28–8192 base64 characters, with up to two "=" and then no base64 character or "=": what
 * /(?<![A-Za-z0-9+/_-])[A-Za-z0-9+/_-]{28,8192}={0,2}(?![A-Za-z0-9+/=_-])/g matches, read in one loop. */
function* base64Runs(text: string): Generator<{ index: number; run: string }> {
  const n = text.length;
  let i = 0;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c >= 128 || B64[c] !== 1) {
      i++;
      continue;
    }
    const start = i;
    while (i < n && text.charCodeAt(i) < 128 && B64[text.charCodeAt(i)] === 1) i++;
    const runEnd = i;
    while (i < n && i - runEnd < 3 && text.charCodeAt(i) === 61) i++;
    const pad = i - runEnd;
    const nextCode = i < n ? text.charCodeAt(i) : -1;
    const blocked = nextCode >= 0 && nextCode < 128 && B64[nextCode] !== 0; // more base64 or a third "="
    if (runEnd - start >= 28 && runEnd - start <= 8192 && pad <= 2 && !blocked) yield { index: start, run: text.slice(start, i) };
  }
}

function scanEncoded(text: string, where: Where, out: Finding[]): void {
  let tried = 0;
  for (const m of base64Runs(text)) {
    const run = m.run;
    // Cheap pre-checks: mixed case or digits like real base64, not a path or identifier.
    if (!/[A-Z]/.test(run) || !/[a-z]/.test(run)) continue;
    if (++tried > 16) break;
    const decoded = Buffer.from(run.replace(/-/g, "+").replace(/_/g, "/"), "base64").toString("utf8");
    if (decoded.length < 16 || !isMostlyText(decoded)) continue;
    const inner: Finding[] = [];
    scanInjection(decoded, where === "param" ? "tool_output" : where, inner, 1);
    if (!inner.length) continue;
    out.push({
      flag: "encoded_payload",
      category: "base64_instructions",
      severity: "high",
      rule: "encoded.base64",
      message: `base64 that decodes to instructions (${inner[0].message}): ${JSON.stringify(decoded.slice(0, 80))}`,
      start: m.index,
      end: m.index + run.length,
    });
    out.push({ ...inner[0], message: `inside a base64 payload: ${inner[0].message}`, start: m.index, end: m.index + run.length });
  }
}

function isMostlyText(s: string): boolean {
  let printable = 0;
  let spaces = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if ((c >= 0x20 && c < 0x7f) || c === 0x0a || c === 0x0d || c === 0x09 || (c >= 0xa0 && c !== 0xfffd)) printable++;
    if (c === 0x20) spaces++;
  }
  return printable / s.length >= 0.95 && spaces >= 2;
}
