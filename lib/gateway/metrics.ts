import { Counter, Gauge, Histogram, Registry } from "prom-client";

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
  return { registry, calls, latency, spoolDepthEvents, spoolDepthBytes, policyAgeSeconds, upstreamUp };
}
