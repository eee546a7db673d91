import { ApiError } from "./errors";
import { invalidText } from "./check-json-value";
import { escapeText, findTextProblem } from "./find-text-problem";

// A Host is a name or an IP literal, with an optional port: RFC 3986's reg-name without percent-encoding
// (no client sends that), or [IPv6].
const HOST = /^(?:\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9\-._~!$&'()*+,;=]+)(?::(\d{1,5}))?$/;

/**
 * What is wrong with a request's target before any route sees it, or null: a malformed Host header, a
 * target that is not a path, a path that is not valid percent-encoding (a URIError deep in a router was
 * a 500), or a NUL / unpaired surrogate in the decoded path or in a query parameter's name or value.
 */
export function checkRequestTarget(opts: { url: string; host: string | undefined }): ApiError | null {
  const { url, host } = opts;
  if (host !== undefined) {
    const m = HOST.exec(host);
    let parsed = false;
    try {
      parsed = m !== null && new URL(`http://${host}/`).host !== "";
    } catch {
      parsed = false;
    }
    if (!parsed || (m?.[1] !== undefined && Number(m[1]) > 65535)) {
      return new ApiError("invalid_request", `The Host header "${escapeText(host)}" is not a valid host[:port].`, {
        issues: [{ path: "headers.host", message: "not a valid host[:port]" }],
      });
    }
  }
  if (!url.startsWith("/")) {
    return new ApiError("invalid_request", "The request target must be a path.", { issues: [{ path: "path", message: "not a path" }] });
  }
  const q = url.indexOf("?");
  const pathname = q === -1 ? url : url.slice(0, q);
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    const bad = pathname.split("/").find((s) => {
      try {
        decodeURIComponent(s);
        return false;
      } catch {
        return true;
      }
    });
    return new ApiError("invalid_request", `The path segment "${escapeText(bad ?? pathname)}" is not valid percent-encoding (UTF-8).`, {
      issues: [{ path: "path", message: "not valid percent-encoding" }],
    });
  }
  const pathProblem = findTextProblem(decoded);
  if (pathProblem) return invalidText([{ path: "path", message: pathProblem }]);
  if (q === -1) return null;
  const issues: { path: string; message: string }[] = [];
  for (const [key, value] of new URLSearchParams(url.slice(q + 1))) {
    const problem = findTextProblem(key) ?? findTextProblem(value);
    if (problem) issues.push({ path: `query.${escapeText(key)}`, message: problem });
  }
  return issues.length ? invalidText(issues) : null;
}
