import { ApiError } from "./errors";
import { checkJsonValue, invalidText, MAX_JSON_DEPTH } from "./check-json-value";

// Only an escape (\u0000, \uD800…) or a raw surrogate can put a NUL or an unpaired surrogate into parsed
// JSON (JSON.parse refuses a raw NUL in a string): text without one skips the per-string check.
const SUSPECT_TEXT = /\\u(?:0000|[dD][89a-fA-F][0-9a-fA-F]{2})|[\u0000\uD800-\uDFFF]/;

/** False when JSON.parse(text) cannot hold a NUL or an unpaired surrogate anywhere (the common case). */
export function mayHoldBadText(text: string): boolean {
  return SUSPECT_TEXT.test(text);
}

/**
 * True when the JSON text nests deeper than `maxDepth` anywhere (brackets inside strings do not count). A
 * scan of the text, several times cheaper than walking the parsed value, so the walk runs only when needed.
 */
export function mayBeTooDeep(text: string, maxDepth = MAX_JSON_DEPTH): boolean {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 34) {
      // Skip the string: to the next quote not escaped by an odd number of backslashes.
      for (;;) {
        const end = text.indexOf('"', i + 1);
        if (end === -1) return false; // unterminated: JSON.parse refuses it
        let slashes = 0;
        while (text.charCodeAt(end - 1 - slashes) === 92) slashes++;
        i = end;
        if (slashes % 2 === 0) break;
      }
    } else if (c === 123 || c === 91) {
      if (++depth > maxDepth) return true;
    } else if (c === 125 || c === 93) depth--;
  }
  return false;
}

/**
 * Parses a request's JSON text: 400 for malformed JSON, then checkJsonValue (depth cap, no NUL and no
 * unpaired surrogate in any string or key). Every JSON a client sends is read through this function.
 */
export function parseJsonText(opts: { text: string; index?: number; what?: string }): unknown {
  let value: unknown;
  try {
    value = JSON.parse(opts.text);
  } catch (err) {
    const message = `Malformed JSON${opts.what ? ` ${opts.what}` : ""}: ${(err as Error).message}`;
    throw new ApiError("invalid_request", message, opts.index === undefined ? {} : { issues: [{ index: opts.index, path: "(root)", message: "not valid JSON" }] });
  }
  const checkText = mayHoldBadText(opts.text);
  if (!checkText && !mayBeTooDeep(opts.text)) return value;
  const issues = checkJsonValue({ value, index: opts.index, checkText });
  if (issues.length) throw invalidText(issues);
  return value;
}
