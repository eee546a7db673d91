import { timingSafeEqual, createHash } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { wardenMetrics } from "./warden-metrics";

const digest = (s: string) => createHash("sha256").update(s).digest();

/**
 * Answers a Prometheus scrape. On the main port /metrics needs `Authorization: Bearer $WARDEN_METRICS_TOKEN`
 * (compared in constant time) and is 404 when no token is set; on WARDEN_METRICS_PORT (a listener of its
 * own, 127.0.0.1 by default) it is open: that port is meant to be reachable by the scraper only.
 */
export async function serveMetrics(req: IncomingMessage, res: ServerResponse, opts: { token?: string; open: boolean }): Promise<void> {
  const json = (status: number, code: string, message: string, headers: Record<string, string> = {}) => {
    res.writeHead(status, { "content-type": "application/json", "cache-control": "no-store", ...headers });
    res.end(JSON.stringify({ error: { code, message } }));
  };
  if (!opts.open) {
    if (!opts.token) return json(404, "not_found", "Metrics are not served on this port: set WARDEN_METRICS_TOKEN or WARDEN_METRICS_PORT.");
    const given = /^Bearer (.+)$/.exec(String(req.headers.authorization ?? ""))?.[1] ?? "";
    if (!timingSafeEqual(digest(given), digest(opts.token))) {
      return json(401, "unauthorized", "Send Authorization: Bearer <WARDEN_METRICS_TOKEN>.", { "www-authenticate": 'Bearer realm="metrics"' });
    }
  }
  if (req.method !== "GET" && req.method !== "HEAD") return json(405, "method_not_allowed", "Use GET.", { allow: "GET, HEAD" });
  const { registry } = wardenMetrics();
  try {
    const body = await registry.metrics();
    res.writeHead(200, { "content-type": registry.contentType, "cache-control": "no-store" });
    res.end(req.method === "HEAD" ? undefined : body);
  } catch {
    json(503, "unavailable", "Metrics could not be collected (database unavailable?); retry later.", { "retry-after": "5" });
  }
}
