/**
 * The caller's IP. server.ts overwrites `x-real-ip` on every request with the socket's address (or, when
 * WARDEN_TRUST_PROXY=1, the first X-Forwarded-For hop), so a client cannot choose it.
 */
export function clientIp(headers: Headers | Record<string, unknown>): string {
  const v = headers instanceof Headers ? headers.get("x-real-ip") : headers["x-real-ip"];
  const ip = Array.isArray(v) ? String(v[0]) : typeof v === "string" ? v : "";
  return (ip || "unknown").slice(0, 64);
}
