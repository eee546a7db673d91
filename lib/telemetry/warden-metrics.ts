import client from "prom-client";

// Warden's own Prometheus metrics (served on /metrics by server.ts: see serve-metrics.ts). One registry per
// process, kept on globalThis because Next bundles route code separately from server.ts and both record.
// Gauges that are a database count are read at scrape time (collect), so a scrape costs a few indexed
// counts and nothing is kept in sync by hand.

export interface WardenMetrics {
  registry: client.Registry;
  ingestEvents: client.Counter<"result">;
  ingestBatchSeconds: client.Histogram<never>;
  httpRefused: client.Counter<"status">;
  longPollsHeld: client.Gauge<never>;
}

const g = globalThis as unknown as { __wardenMetrics?: WardenMetrics };

/** Database-backed gauges, given by server.ts (queries live in their domains). */
export interface MetricSources {
  jobQueueDepth: () => Promise<{ queue: string; depth: number }[]>;
  pendingApprovals: () => Promise<number>;
  openAlerts: () => Promise<number>;
  pool: () => { total: number; idle: number; waiting: number };
}

export function wardenMetrics(): WardenMetrics {
  if (g.__wardenMetrics) return g.__wardenMetrics;
  const registry = new client.Registry();
  client.collectDefaultMetrics({ register: registry, prefix: "warden_" });
  g.__wardenMetrics = {
    registry,
    ingestEvents: new client.Counter({
      name: "warden_ingest_events_total",
      help: "Events received by POST /api/v1/events: accepted (stored) or duplicate (already stored). rate() gives events/s.",
      labelNames: ["result"],
      registers: [registry],
    }),
    ingestBatchSeconds: new client.Histogram({
      name: "warden_ingest_batch_seconds",
      help: "Time to validate and store one event batch (POST /api/v1/events).",
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers: [registry],
    }),
    httpRefused: new client.Counter({
      name: "warden_http_refused_total",
      help: "Requests answered with a 4xx or 5xx status, by status code.",
      labelNames: ["status"],
      registers: [registry],
    }),
    longPollsHeld: new client.Gauge({
      name: "warden_approval_longpolls_held",
      help: "Approval long-polls (GET /api/v1/approvals/{id}?wait=N) open right now.",
      registers: [registry],
    }),
  };
  return g.__wardenMetrics;
}

/** Registers the gauges read from the database at scrape time. Called once by server.ts. */
export function registerMetricSources(sources: MetricSources): void {
  const { registry } = wardenMetrics();
  new client.Gauge({
    name: "warden_job_queue_depth",
    help: "Jobs waiting to run (created or retry), by queue.",
    labelNames: ["queue"],
    registers: [registry],
    async collect() {
      this.reset();
      for (const { queue, depth } of await sources.jobQueueDepth()) this.set({ queue }, depth);
    },
  });
  new client.Gauge({
    name: "warden_approvals_pending",
    help: "Approval requests waiting for a decision.",
    registers: [registry],
    async collect() {
      this.set(await sources.pendingApprovals());
    },
  });
  new client.Gauge({
    name: "warden_alerts_open",
    help: "Alerts open (not resolved).",
    registers: [registry],
    async collect() {
      this.set(await sources.openAlerts());
    },
  });
  new client.Gauge({
    name: "warden_db_pool_connections",
    help: "Database pool connections: total, idle, and requests waiting for one.",
    labelNames: ["state"],
    registers: [registry],
    collect() {
      const p = sources.pool();
      this.set({ state: "total" }, p.total);
      this.set({ state: "idle" }, p.idle);
      this.set({ state: "waiting" }, p.waiting);
    },
  });
}
