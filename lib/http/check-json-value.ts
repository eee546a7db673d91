import { ApiError, type ErrorIssue } from "./errors";
import { escapeText, findTextProblem } from "./find-text-problem";

/**
 * How deep a request's JSON may nest. Deeper input is refused when it is read: validators, canonical JSON,
 * secret detectors and Postgres' jsonb all recurse, and 5,000 levels overflowed the stack (issue 15).
 */
export const MAX_JSON_DEPTH = 64;

/** Issues listed per request: enough to fix it, never a response as large as the request. */
export const MAX_TEXT_ISSUES = 20;

type Key = string | number;

function formatKeys(prefix: string, keys: readonly Key[]): string {
  let out = prefix;
  for (const k of keys) out += typeof k === "number" ? `[${k}]` : out ? `.${escapeText(k)}` : escapeText(k);
  return out || "(root)";
}

/**
 * Walks parsed JSON once: refuses it when it nests deeper than `maxDepth` (throws 400 invalid_request,
 * naming the path and the limit) and returns every NUL or unpaired surrogate in a string or key as an issue
 * (the caller throws invalidText(issues), after collecting those of a whole batch). The walk recurses, but
 * never deeper than `maxDepth` + 1 frames: it stops at the limit, so no input can overflow the stack.
 * `prefix` is the path of `value` in the request; `index` is added to each issue (the event of a batch).
 */
export function checkJsonValue(opts: { value: unknown; maxDepth?: number; prefix?: string; index?: number; checkText?: boolean }): ErrorIssue[] {
  const { value, maxDepth = MAX_JSON_DEPTH, prefix = "", index, checkText = true } = opts;
  const issues: ErrorIssue[] = [];
  const keys: Key[] = [];
  const issue = (message: string): ErrorIssue => {
    const path = formatKeys(prefix, keys);
    return index === undefined ? { path, message } : { index, path, message };
  };
  const visit = (v: unknown, depth: number): void => {
    if (typeof v === "string") {
      const problem = checkText ? findTextProblem(v) : null;
      if (problem && issues.length < MAX_TEXT_ISSUES) issues.push(issue(problem));
      return;
    }
    if (v === null || typeof v !== "object") return;
    if (depth >= maxDepth) {
      const tooDeep = issue(`nested deeper than ${maxDepth} levels`);
      throw new ApiError("invalid_request", `JSON nested deeper than ${maxDepth} levels at ${tooDeep.path}.`, { issues: [tooDeep] });
    }
    if (Array.isArray(v)) {
      for (let i = 0; i < v.length; i++) {
        const x = v[i];
        if (x !== null && (typeof x === "object" || (checkText && typeof x === "string"))) {
          keys.push(i);
          visit(x, depth + 1);
          keys.pop();
        }
      }
      return;
    }
    for (const k in v) {
      const x = (v as Record<string, unknown>)[k];
      keys.push(k);
      if (checkText) {
        const problem = findTextProblem(k);
        if (problem && issues.length < MAX_TEXT_ISSUES) issues.push(issue(`key ${problem}`));
      }
      if (x !== null && (typeof x === "object" || (checkText && typeof x === "string"))) visit(x, depth + 1);
      keys.pop();
    }
  };
  visit(value, 0);
  return issues;
}

/** 400 invalid_text naming every path (at most MAX_TEXT_ISSUES of them). */
export function invalidText(issues: ErrorIssue[]): ApiError {
  issues = issues.slice(0, MAX_TEXT_ISSUES);
  const first = issues[0];
  return new ApiError("invalid_text", `${first.path} ${first.message.replace(/^key /, "(a key) ")}.`, { issues });
}
