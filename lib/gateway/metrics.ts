import { Counter, Gauge, Histogram, Registry } from "prom-client";
import type { HeavyOutputStats } from "./guards/create-heavy-output-queue";
import type { LateFlagStats } from "./guards/open-late-flag-queue";

/** The gateway's Prometheus metrics (GET /metrics on the HTTP listener). */
export interface GatewayMetrics {
  registry: Registry;
  calls: Counter<"status" | "method">;
  latency: Histogram<"method">;
  spoolDepthEvents: Gauge;
  spoolDepthBytes: Gauge;
  policyAgeSeconds: Gauge;
  upstreamUp: Gauge<"upstream">;
}

export function createGatewayMetrics(o: {
  spool: () => { depthEvents: number; depthBytes: number } | undefined;
  policyAgeSeconds: () => number | null;
  upstreams: () => { name: string; status: string }[];
  /** The heavy rules on tool outputs (lib/gateway/guards/create-heavy-output-queue.ts), when on. */
  heavyOutputs?: () => HeavyOutputStats & { lateFlags: LateFlagStats };
}): GatewayMetrics {
  const registry = new Registry();
  const calls = new Counter({ name: "warden_gateway_calls_total", help: "Calls through the gateway by final status", labelNames: ["status", "method"], registers: [registry] });
  const latency = new Histogram({
    name: "warden_gateway_call_duration_seconds",
    help: "Call latency through the gateway (chain + upstream)",
    labelNames: ["method"],
    buckets: [0.001, 0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300],
    registers: [registry],
  });
  const spoolDepthEvents = new Gauge({
    name: "warden_gateway_spool_depth_events",
    help: "Events in the spool not yet accepted by Warden",
    registers: [registry],
    collect() {
      this.set(o.spool()?.depthEvents ?? 0);
    },
  });
  const spoolDepthBytes = new Gauge({
    name: "warden_gateway_spool_depth_bytes",
    help: "Bytes in the spool not yet accepted by Warden",
    registers: [registry],
    collect() {
      this.set(o.spool()?.depthBytes ?? 0);
    },
  });
  const policyAgeSeconds = new Gauge({
    name: "warden_gateway_policy_age_seconds",
    help: "Seconds since the policy was last confirmed by Warden (-1: never)",
    registers: [registry],
    collect() {
      this.set(o.policyAgeSeconds() ?? -1);
    },
  });
  const upstreamUp = new Gauge({
    name: "warden_gateway_upstream_up",
    help: "1 when the upstream server is connected",
    labelNames: ["upstream"],
    registers: [registry],
    collect() {
      for (const u of o.upstreams()) this.set({ upstream: u.name }, u.status === "up" ? 1 : 0);
    },
  });
  if (o.heavyOutputs) {
    const read = o.heavyOutputs;
    new Counter({
      name: "warden_gateway_heavy_outputs_total",
      help: "Tool outputs for the heavy rules after the result was returned, by what became of them (queued, scanned, dropped: queue full, deduped, truncated, flagged, failed)",
      labelNames: ["result"],
      registers: [registry],
      collect() {
        const s = read();
        this.reset();
        for (const result of ["queued", "scanned", "dropped", "deduped", "truncated", "flagged", "failed"] as const) this.inc({ result }, s[result]);
      },
    });
    new Gauge({
      name: "warden_gateway_heavy_outputs_waiting",
      help: "Tool outputs waiting for the heavy rules",
      registers: [registry],
      collect() {
        this.set(read().waiting);
      },
    });
    new Counter({
      name: "warden_gateway_late_flags_total",
      help: "Late flags (heavy findings) for Warden by outcome (delivered, dropped)",
      labelNames: ["outcome"],
      registers: [registry],
      collect() {
        const { lateFlags } = read();
        this.reset();
        this.inc({ outcome: "delivered" }, lateFlags.delivered);
        this.inc({ outcome: "dropped" }, lateFlags.dropped);
      },
    });
    new Gauge({
      name: "warden_gateway_late_flags_pending",
      help: "Late flags not yet stored by Warden",
      registers: [registry],
      collect() {
        this.set(read().lateFlags.pending);
      },
    });
  }
  return { registry, calls, latency, spoolDepthEvents, spoolDepthBytes, policyAgeSeconds, upstreamUp };
}
