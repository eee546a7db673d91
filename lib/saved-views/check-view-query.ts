import { escapeText } from "../http/find-text-problem";
import { MAX_RANGE_SECONDS } from "../metrics/time-window";
import { MAX_VIEW_QUERY_LENGTH, VIEW_QUERY_PARAMS, type SavedViewPage } from "./schema";

export interface ViewQueryIssue {
  /** `query` or `query.<param>`. */
  path: string;
  message: string;
}

/**
 * Checks the URL query a saved view restores against its page's known parameters: every key must be one
 * the page reads, every value what that parameter may hold, the time window consistent (from and to
 * together, from before to, at most 400 days; a preset range without them), and the whole query string
 * at most MAX_VIEW_QUERY_LENGTH characters. Returns the normalized query (trimmed values; from/to imply
 * range=custom) or every issue, each naming its parameter. Pure and isomorphic (unit-tested).
 */
export function checkViewQuery(opts: { page: SavedViewPage; query: Record<string, string> }): { query: Record<string, string>; issues: ViewQueryIssue[] } {
  const params = VIEW_QUERY_PARAMS[opts.page];
  const issues: ViewQueryIssue[] = [];
  const out: Record<string, string> = {};
  const known = Object.keys(params);
  for (const [key, value] of Object.entries(opts.query)) {
    if (!Object.hasOwn(params, key)) {
      issues.push({ path: `query.${escapeText(key, 40)}`, message: `is not a parameter of the ${opts.page} page (known: ${known.join(", ")})` });
      continue;
    }
    const parsed = params[key].safeParse(value);
    if (!parsed.success) issues.push({ path: `query.${key}`, message: parsed.error.issues[0]?.message ?? "is not valid" });
    else out[key] = parsed.data;
  }
  if (issues.length) return { query: out, issues };

  const { from, to, range } = out;
  if ((from === undefined) !== (to === undefined)) {
    issues.push({ path: `query.${from === undefined ? "from" : "to"}`, message: "from and to go together (an absolute window needs both)" });
  } else if (from !== undefined && to !== undefined) {
    const span = Date.parse(to) - Date.parse(from);
    if (span <= 0) issues.push({ path: "query.to", message: "must be after from" });
    else if (span > MAX_RANGE_SECONDS * 1000) issues.push({ path: "query.to", message: "the window is longer than 400 days" });
    if (range !== undefined && range !== "custom") issues.push({ path: "query.range", message: `must be custom (or absent) with from and to, not ${range}` });
    out.range = "custom";
  } else if (range === "custom") {
    issues.push({ path: "query.range", message: "custom needs from and to" });
  }
  const length = new URLSearchParams(out).toString().length;
  if (length > MAX_VIEW_QUERY_LENGTH) issues.push({ path: "query", message: `is ${length} characters as a URL query; at most ${MAX_VIEW_QUERY_LENGTH}` });
  return { query: out, issues };
}
