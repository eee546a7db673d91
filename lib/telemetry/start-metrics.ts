import { createServer, type IncomingMessage, type ServerResponse, type Server } from "node:http";
import { countOpenAlerts } from "../alerts/count-open-alerts";
import { countPendingApprovals } from "../approvals/count-pending-approvals";
import { pool } from "../db";
import { serveMetrics } from "./serve-metrics";
import { registerMetricSources, wardenMetrics } from "./warden-metrics";

/**
 * Wires Warden's Prometheus metrics into server.ts: the database-backed gauges, a count of refused
 * requests (every 4xx/5xx, whichever handler answered), /metrics on the main port (token-guarded) and,
 * with `port`, a listener of its own. Returns the main port's hook: true when it answered the request.
 */
export async function startMetrics(opts: { token?: string; port?: number; host: string }): Promise<{
  handle: (req: IncomingMessage, res: ServerResponse) => boolean;
  close: () => Promise<void>;
}> {
  const metrics = wardenMetrics();
  registerMetricSources({
    jobQueueDepth: async () =>
      (
        await pool().query<{ queue: string; depth: number }>(
          "SELECT name AS queue, count(*)::int AS depth FROM pgboss.job WHERE state IN ('created', 'retry') GROUP BY name",
        )
      ).rows,
    pendingApprovals: countPendingApprovals,
    openAlerts: async () => (await countOpenAlerts()).open,
    pool: () => ({ total: pool().totalCount, idle: pool().idleCount, waiting: pool().waitingCount }),
  });

  let own: Server | undefined;
  if (opts.port !== undefined) {
    own = createServer((req, res) => void serveMetrics(req, res, { open: true }));
    await new Promise<void>((resolve) => own!.listen(opts.port, opts.host, resolve));
  }

  return {
    handle: (req, res) => {
      res.once("finish", () => {
        if (res.statusCode >= 400) metrics.httpRefused.inc({ status: String(res.statusCode) });
      });
      if (req.url !== "/metrics" && !req.url?.startsWith("/metrics?")) return false;
      void serveMetrics(req, res, { token: opts.token, open: false });
      return true;
    },
    close: () => new Promise<void>((resolve) => (own ? own.close(() => resolve()) : resolve())),
  };
}
