import { ApiError } from "./errors";
import { checkJsonValue, invalidText } from "./check-json-value";

// Only an escape (\u0000, \uD800…) or a raw surrogate can put a NUL or an unpaired surrogate into parsed
// JSON (JSON.parse refuses a raw NUL in a string): text without one skips the per-string check.
const SUSPECT_TEXT = /\\u(?:0000|[dD][89a-fA-F][0-9a-fA-F]{2})|[\u0000\uD800-\uDFFF]/;

/** False when JSON.parse(text) cannot hold a NUL or an unpaired surrogate anywhere (the common case). */
export function mayHoldBadText(text: string): boolean {
  return SUSPECT_TEXT.test(text);
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
  const issues = checkJsonValue({ value, index: opts.index, checkText: mayHoldBadText(opts.text) });
  if (issues.length) throw invalidText(issues);
  return value;
}
