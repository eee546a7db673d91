import { ApiError, type ErrorIssue } from "./errors";
import { escapeText, findTextProblem } from "./find-text-problem";

/**
 * How deep a request's JSON may nest. Deeper input is refused when it is read: validators, canonical JSON,
 * secret detectors and Postgres' jsonb all recurse, and 5,000 levels overflowed the stack (issue 15).
 */
export const MAX_JSON_DEPTH = 64;

/** Issues listed per value: enough to fix a request, never a response as large as the request. */
export const MAX_TEXT_ISSUES = 20;

interface Step {
  value: unknown;
  depth: number;
  parent: Step | null;
  key: string | number | null;
}

function pathOf(step: Step, prefix: string): string {
  const keys: (string | number)[] = [];
  for (let s: Step | null = step; s && s.key !== null; s = s.parent) keys.push(s.key);
  let out = prefix;
  for (let i = keys.length - 1; i >= 0; i--) {
    const k = keys[i];
    out += typeof k === "number" ? `[${k}]` : out ? `.${escapeText(k)}` : escapeText(k);
  }
  return out || "(root)";
}

/**
 * Walks parsed JSON once: refuses it when it nests deeper than `maxDepth` (throws 400 invalid_request,
 * naming the path and the limit) and returns every NUL or unpaired surrogate in a string or key as an issue
 * (the caller throws invalidText(issues), after collecting those of a whole batch). The walk is a loop, not
 * recursion, so it cannot overflow whatever the input. `prefix` is the path of `value` in the request;
 * `index` is added to each issue (the event of a batch).
 */
export function checkJsonValue(opts: { value: unknown; maxDepth?: number; prefix?: string; index?: number; checkText?: boolean }): ErrorIssue[] {
  const { value, maxDepth = MAX_JSON_DEPTH, prefix = "", index, checkText = true } = opts;
  const issues: ErrorIssue[] = [];
  const issue = (path: string, message: string) => issues.push(index === undefined ? { path, message } : { index, path, message });
  const stack: Step[] = [{ value, depth: 0, parent: null, key: null }];
  while (stack.length) {
    const step = stack.pop()!;
    const v = step.value;
    if (typeof v === "string") {
      const problem = checkText ? findTextProblem(v) : null;
      if (problem) issue(pathOf(step, prefix), problem);
    } else if (v !== null && typeof v === "object") {
      const depth = step.depth + 1;
      if (depth > maxDepth) {
        const path = pathOf(step, prefix);
        throw new ApiError("invalid_request", `JSON nested deeper than ${maxDepth} levels at ${path}.`, {
          issues: [index === undefined ? { path, message: `nested deeper than ${maxDepth} levels` } : { index, path, message: `nested deeper than ${maxDepth} levels` }],
        });
      }
      if (Array.isArray(v)) {
        for (let i = v.length - 1; i >= 0; i--) stack.push({ value: v[i], depth, parent: step, key: i });
      } else {
        const keys = Object.keys(v);
        if (checkText) {
          for (const k of keys) {
            const problem = findTextProblem(k);
            if (problem) issue(pathOf({ value: null, depth, parent: step, key: k }, prefix), `key ${problem}`);
          }
        }
        for (let i = keys.length - 1; i >= 0; i--) stack.push({ value: (v as Record<string, unknown>)[keys[i]], depth, parent: step, key: keys[i] });
      }
    }
    if (issues.length >= MAX_TEXT_ISSUES) break;
  }
  return issues;
}

/** 400 invalid_text naming every path (at most MAX_TEXT_ISSUES of them). */
export function invalidText(issues: ErrorIssue[]): ApiError {
  issues = issues.slice(0, MAX_TEXT_ISSUES);
  const first = issues[0];
  return new ApiError("invalid_text", `${first.path} ${first.message.replace(/^key /, "(a key) ")}.`, { issues });
}
