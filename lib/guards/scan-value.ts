import { appendPointer, isBinaryField } from "./json-pointer";
import { scanText } from "./scan-text";
import type { Finding, Where } from "./types";

// The fast injection/poisoning scan of a JSON value (pure, synchronous): every string and every object key
// is scanned with scanText and its findings carry the JSON pointer of that string. Instructions split
// across fields ({"a": "ignore all previous", "b": "instructions and…"}) are caught by also scanning the
// concatenation of each object's or array's direct string members (joined by a newline); such a finding is
// reported only when it spans more than one member, with the parent's pointer and offsets into that
// concatenation. MCP content blocks are plain JSON here: text blocks are scanned wherever they nest;
// image/audio `data` and resource `blob` are binary and skipped.

export interface ScanValueOptions {
  value: unknown;
  where: Where;
}

const MAX_DEPTH = 256;
/** Members that are labels, not prose: never part of a split instruction (a content block's `type`…). */
const NOT_PROSE = new Set(["type", "mimeType", "uri", "id", "name", "role"]);
const MAX_STRINGS = 10_000;

export function scanValue({ value, where }: ScanValueOptions): Finding[] {
  const out: Finding[] = [];
  const budget = { strings: 0 };
  walk(value, "", 0, where, out, budget);
  return out;
}

function walk(node: unknown, path: string, depth: number, where: Where, out: Finding[], budget: { strings: number }): void {
  if (typeof node === "string") {
    if (++budget.strings > MAX_STRINGS) return;
    for (const f of scanText({ text: node, where })) out.push({ ...f, path });
    return;
  }
  if (node === null || typeof node !== "object" || depth >= MAX_DEPTH) return;
  const members: { text: string; start: number; end: number }[] = [];
  let joined = "";
  const add = (text: string) => {
    if (!text) return;
    if (joined) joined += "\n";
    members.push({ text, start: joined.length, end: joined.length + text.length });
    joined += text;
  };
  if (Array.isArray(node)) {
    node.forEach((v, i) => {
      if (typeof v === "string") add(v);
      else if (v && typeof v === "object" && !Array.isArray(v) && typeof (v as Record<string, unknown>).text === "string") add((v as Record<string, unknown>).text as string); // content blocks
      walk(v, appendPointer(path, i), depth + 1, where, out, budget);
    });
  } else {
    const obj = node as Record<string, unknown>;
    for (const key of Object.keys(obj)) {
      const p = appendPointer(path, key);
      if (key.length > 2 && /[^A-Za-z0-9_$-]/.test(key)) for (const f of scanText({ text: key, where })) out.push({ ...f, path: p, message: `in a key: ${f.message}` });
      const v = obj[key];
      if (typeof v === "string" && isBinaryField(obj, key)) continue;
      if (typeof v === "string" && !NOT_PROSE.has(key)) add(v);
      walk(v, p, depth + 1, where, out, budget);
    }
  }
  if (members.length < 2) return;
  for (const f of scanText({ text: joined, where })) {
    const inOne = members.some((m) => f.start >= m.start && f.end <= m.end);
    if (inOne) continue;
    out.push({ ...f, path, message: `split across fields: ${f.message}` });
  }
}
