// Where a sign-in may send the browser afterwards: a path on this site, never another origin.
// `raw` is what arrived in ?callbackUrl= (already percent-decoded once by the URL parser) or what
// next-auth hands its redirect callback (a path or an absolute URL).

const FALLBACK = "/";
const BASE = "http://warden.invalid";

/**
 * Returns `raw` as a same-origin path ("/approvals?x=1#y"), or "/" when it could lead anywhere else:
 * another origin (`https://evil`, `//evil`, `/\evil`, `/%09/evil`, `/%5Cevil` once decoded), any
 * control character or backslash, or a path that the browser would read as protocol-relative. An
 * absolute URL is accepted only when its origin is `origin` (this site's public origin).
 */
export function safeCallbackPath(raw: unknown, origin?: string): string {
  if (typeof raw !== "string" || raw.length === 0 || raw.length > 2048) return FALLBACK;
  // Browsers strip tabs and newlines and read "\" as "/" in URLs: refuse both outright, as well as
  // every other control or invisible separator character, rather than guess how they will be read.
  if (/[\u0000-\u001f\u007f-\u009f\\\u00a0\u1680\u2000-\u200f\u2028-\u202f\u205f-\u206f\u3000\ufeff]/.test(raw)) return FALLBACK;
  let url: URL;
  let expected: string;
  if (raw.startsWith("/")) {
    if (raw.startsWith("//")) return FALLBACK;
    url = new URL(raw, BASE);
    expected = BASE;
  } else {
    if (!origin) return FALLBACK;
    try {
      url = new URL(raw);
      expected = new URL(origin).origin;
    } catch {
      return FALLBACK;
    }
  }
  if (url.origin !== expected || url.username || url.password) return FALLBACK;
  const path = `${url.pathname}${url.search}${url.hash}`;
  // "/./" and "/a/..//" collapse to "//…", which a browser would take for another host.
  if (!path.startsWith("/") || path.startsWith("//")) return FALLBACK;
  // Percent-encoded slashes or backslashes at the start are decoded by some routers into "//" or "/\".
  if (/^\/(%2f|%5c)/i.test(path)) return FALLBACK;
  return path;
}
