import { findInvisibleCharacters } from "../guards/find-invisible-characters";
import { appendPointer } from "../guards/json-pointer";
import { MASK_PREFIX } from "../guards/mask-secrets";
import { scanValue } from "../guards/scan-value";

// What in a request's params usually decides it, marked for the reviewer (issue 19, item 6). Pure and
// isomorphic: the server feeds it the company domains (Settings) and the directories this tool's approved
// requests used; the detail view renders each finding on its value (components/approvals/json-tree.tsx).
// docs/approvals.md, "What's risky in the params", explains every kind.

export const RISKY_PARAM_KINDS = ["guard_flagged", "invisible", "external_email", "external_url", "money", "unusual_path"] as const;
export type RiskyParamKind = (typeof RISKY_PARAM_KINDS)[number];

export interface RiskyParam {
  /** JSON pointer (RFC 6901) of the value in the params ("" for the params themselves). */
  path: string;
  kind: RiskyParamKind;
  /** One line for the reviewer. */
  detail: string;
}

export interface FindRiskyParamsOptions {
  params: unknown;
  /** The company's own domains (a domain covers its subdomains). Empty: every domain counts as external. */
  companyDomains: readonly string[];
  /** Directories whose files are usual for this tool (collectPathRoots of its approved requests). */
  usualPathRoots: readonly string[];
}

const MAX_FINDINGS = 200;
const MAX_DEPTH = 64;
const EMAIL = /[A-Za-z0-9._%+-]+@([A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+)/g;
const URL_RE = /\b(?:https?|ftp|wss?):\/\/[^\s"'<>`]+/gi;
const MONEY_KEY = /(^|_|-|\b)(amount|price|cost|total|sum|fee|fees|refund|payment|charge|balance|salary|budget|payout|usd|eur|gbp|cents?)($|_|-|\b)|Amount|Price|Cost|Total|Fee|Refund|Payment|Charge|Balance|Usd|Eur|Cents/;
const MONEY_TEXT = /(?:[$€£¥]\s?\d[\d,]*(?:\.\d+)?(?:\s?[kKmM]\b)?|\b\d[\d,]*(?:\.\d+)?\s?(?:USD|EUR|GBP|CHF|JPY|CAD|AUD|dollars?|euros?|pounds?)\b)/;
const PATH_KEY = /(path|file|dir|folder|directory|dest|destination|source|src|target|filename|location)s?$/i;
const SENSITIVE_PATH = /(^|\/)(\.ssh|\.aws|\.gnupg|\.kube|\.docker|\.git)(\/|$)|(^|\/)\.env(\.|$)|(^|\/)(id_rsa|id_ed25519|shadow|passwd|sudoers)$|^\/(etc|root|proc|sys|boot|dev|var\/run\/secrets)(\/|$)|^[A-Za-z]:\\Windows\\/i;

/** Lowercase, no trailing dot, no leading `@` or `*.`: how a domain is compared. */
function normalizeDomain(d: string): string {
  return d.trim().toLowerCase().replace(/^\*?\.|^@/, "").replace(/\.$/, "");
}

function isCompanyHost(host: string, companyDomains: readonly string[]): boolean {
  const h = normalizeDomain(host);
  return companyDomains.some((d) => {
    const c = normalizeDomain(d);
    return !!c && (h === c || h.endsWith(`.${c}`));
  });
}

/** A string that reads as a file path: absolute, home-relative, explicitly relative, or a Windows drive path. */
function looksLikePath(value: string, key: string | null): boolean {
  const v = value.trim();
  if (!v || v.length > 1024 || /\s{2,}|\n/.test(v) || /^[a-z][a-z0-9+.-]*:\/\//i.test(v)) return false;
  if (/^(\/|~\/|\.\.?\/)/.test(v) || /^[A-Za-z]:[\\/]/.test(v)) return true;
  return !!key && PATH_KEY.test(key) && /[\\/]/.test(v) && !/\s/.test(v);
}

/** A path with `\` as `/`, `~` kept, `.` segments dropped; `..` kept (it is what makes a path climb out). */
function normalizePath(p: string): string {
  return p.trim().replace(/\\/g, "/").replace(/\/\.(?=\/|$)/g, "").replace(/\/{2,}/g, "/");
}

function dirOf(p: string): string {
  const n = normalizePath(p).replace(/\/$/, "");
  const i = n.lastIndexOf("/");
  return i <= 0 ? (n.startsWith("/") ? "/" : n) : n.slice(0, i);
}

function isUnder(p: string, root: string): boolean {
  const n = normalizePath(p);
  const r = normalizePath(root).replace(/\/$/, "");
  return r === "" || n === r || n.startsWith(`${r}/`) || (r === "/" && n.startsWith("/"));
}

/** Every string and number in `value` with its JSON pointer and the key it sits under (an array's items: the array's key). */
function* leaves(value: unknown, path = "", key: string | null = null, depth = 0): Generator<{ path: string; key: string | null; value: string | number }> {
  if (typeof value === "string" || typeof value === "number") yield { path, key, value };
  else if (value && typeof value === "object" && depth < MAX_DEPTH) {
    const entries: [string, unknown][] = Array.isArray(value) ? value.map((v, i) => [String(i), v]) : Object.entries(value);
    for (const [k, v] of entries) yield* leaves(v, appendPointer(path, k), Array.isArray(value) ? key : k, depth + 1);
  }
}

function* strings(value: unknown) {
  for (const l of leaves(value)) if (typeof l.value === "string") yield { ...l, value: l.value };
}

/**
 * The directories whose files are "usual" for a tool: the directory of every path-like value in the params
 * of its earlier approved requests. A path under one of them is usual; any other path is marked.
 */
export function collectPathRoots(paramsList: readonly unknown[]): string[] {
  const roots = new Set<string>();
  for (const params of paramsList) {
    for (const s of strings(params)) {
      if (looksLikePath(s.value, s.key) && !normalizePath(s.value).split("/").includes("..") && !SENSITIVE_PATH.test(normalizePath(s.value))) roots.add(dirOf(s.value));
    }
  }
  return [...roots].sort();
}

/** The values in `params` a reviewer should look at first, each with its JSON pointer and why. */
export function findRiskyParams({ params, companyDomains, usualPathRoots }: FindRiskyParamsOptions): RiskyParam[] {
  const out: RiskyParam[] = [];
  const seen = new Set<string>();
  const add = (f: RiskyParam) => {
    const k = `${f.path}\u0000${f.kind}\u0000${f.detail}`;
    if (out.length >= MAX_FINDINGS || seen.has(k)) return;
    seen.add(k);
    out.push(f);
  };
  const domains = companyDomains.map(normalizeDomain).filter(Boolean);
  const outside = domains.length ? `outside the company domains (${domains.join(", ")})` : "outside the company (no company domains are set in Settings)";

  // Whatever a guard flags, at the pointer it reports (a split instruction: at the object or array holding it).
  for (const f of scanValue({ value: params, where: "param" })) add({ path: f.path ?? "", kind: "guard_flagged", detail: `${f.flag}: ${f.message}` });

  for (const s of strings(params)) {
    if (s.value.includes(MASK_PREFIX)) add({ path: s.path, kind: "guard_flagged", detail: "a secret was detected here and is masked" });
    const invisible = findInvisibleCharacters(s.value);
    if (invisible.length) add({ path: s.path, kind: "invisible", detail: `${invisible.length} run${invisible.length === 1 ? "" : "s"} of invisible characters (shown marked ⟦…⟧)` });
    for (const m of s.value.matchAll(EMAIL)) {
      if (!isCompanyHost(m[1], domains)) add({ path: s.path, kind: "external_email", detail: `${m[0]}: domain ${m[1].toLowerCase()} is ${outside}` });
    }
    for (const m of s.value.matchAll(URL_RE)) {
      let host: string;
      try {
        host = new URL(m[0]).hostname;
      } catch {
        continue;
      }
      if (!isCompanyHost(host, domains)) add({ path: s.path, kind: "external_url", detail: `link to ${host}, ${outside}` });
    }
    const money = MONEY_TEXT.exec(s.value);
    if (money) add({ path: s.path, kind: "money", detail: `amount ${money[0].trim()}` });
    else if (s.key && MONEY_KEY.test(s.key) && /^\s*-?\d[\d,]*(\.\d+)?\s*$/.test(s.value)) add({ path: s.path, kind: "money", detail: `amount ${s.value.trim()} (key “${s.key}”)` });
    if (looksLikePath(s.value, s.key)) {
      const p = normalizePath(s.value);
      if (p.split("/").includes("..")) add({ path: s.path, kind: "unusual_path", detail: "climbs out of its directory (..)" });
      else if (SENSITIVE_PATH.test(p)) add({ path: s.path, kind: "unusual_path", detail: "a sensitive location (credentials or system files)" });
      else if (!usualPathRoots.some((r) => isUnder(p, r))) {
        add({
          path: s.path,
          kind: "unusual_path",
          detail: usualPathRoots.length ? `outside the directories this tool's approved requests used (${usualPathRoots.slice(0, 3).join(", ")}${usualPathRoots.length > 3 ? ", …" : ""})` : "no approved request of this tool used a path before",
        });
      }
    }
  }
  for (const n of leaves(params)) {
    if (typeof n.value === "number" && n.key && MONEY_KEY.test(n.key)) add({ path: n.path, kind: "money", detail: `amount ${n.value} (key “${n.key}”)` });
  }
  return out;
}
