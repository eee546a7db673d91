import { describeInvisibleRun, findInvisibleCharacters } from "../guards/find-invisible-characters";
import type { Finding } from "../guards/types";

/**
 * The findings of one tool definition as the inventory shows them: every string of it (name, title,
 * description, schema texts and keys, annotations), where a model reads it, scanned. Each finding's
 * `path` is the JSON pointer of the string. Pure.
 */
export function scanToolDefinition(definition: Record<string, unknown>): Finding[] {
  const out: Finding[] = [];
  walk(definition, "", out, 0);
  return out.slice(0, 200);
}

function walk(value: unknown, path: string, out: Finding[], depth: number): void {
  if (depth > 64 || out.length >= 200) return;
  if (typeof value === "string") {
    for (const run of findInvisibleCharacters(value)) {
      out.push({
        flag: "hidden_unicode",
        category: "invisible_characters",
        severity: run.kind === "tag" || run.kind === "bidi" ? "high" : "medium",
        rule: `invisible.${run.kind}`,
        message: describeInvisibleRun(run),
        start: run.start,
        end: run.end,
        path,
      });
    }
    return;
  }
  if (Array.isArray(value)) {
    value.forEach((v, i) => walk(v, `${path}/${i}`, out, depth + 1));
    return;
  }
  if (value && typeof value === "object") {
    for (const [k, v] of Object.entries(value)) {
      const p = `${path}/${k.replace(/~/g, "~0").replace(/\//g, "~1")}`;
      walk(k, `${p}#key`, out, depth + 1);
      walk(v, p, out, depth + 1);
    }
  }
}
