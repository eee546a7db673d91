import { dirname, join } from "node:path";
import { mkdir } from "node:fs/promises";
import type { GatewayConfig } from "./config/schema";
import { createGatewayLog, type GatewayLog } from "./log";
import { createGatewayMetrics } from "./metrics";
import { openSpool, type Spool } from "./spool/open-spool";
import { startSpoolSender, type SpoolSender } from "./spool/start-spool-sender";
import { createWardenGatewayApi } from "./warden/create-warden-gateway-api";
import { createPolicyClient, type PolicyClient } from "./warden/policy-client";
import { createCallChain } from "./chain/run-call";
import type { GatewayEvent } from "./call";
import { startUpstream, type Upstream } from "./upstream/start-upstream";
import { createUpstreamCatalog } from "./downstream/upstream-catalog";
import { createUpstreamHandlers } from "./downstream/relay-upstream-messages";
import type { ProxyRuntime } from "./downstream/proxy-runtime";
import { serveStdio } from "./downstream/serve-stdio";
import { serveHttp, type HttpDownstream } from "./downstream/serve-http";
import { createCallerVerifier } from "./auth/create-caller-verifier";
import { startHeartbeat, type HeartbeatBody } from "./report/start-heartbeat";
import { createToolsReporter } from "./report/create-tools-reporter";
import { listFailOpenSettings } from "./report/list-fail-open-settings";
import { GATEWAY_VERSION } from "./version";
import { startGatewayTelemetry } from "./telemetry/start-gateway-telemetry";
import { createToolGuard } from "./guards/create-tool-guard";
import { createOutputGuard } from "./guards/create-output-guard";
import { createHeavyOutputQueue } from "./guards/create-heavy-output-queue";
import { openLateFlagQueue } from "./guards/open-late-flag-queue";
import { forkHeavyWorker } from "./guards/fork-heavy-worker";
import { createHeavyScanner, type HeavyScanner } from "../guards/heavy/create-heavy-scanner";

export interface RunningGateway {
  http?: HttpDownstream;
  upstreams: Map<string, Upstream>;
  spool: Spool;
  policy: PolicyClient;
  sender: SpoolSender;
  runtime: ProxyRuntime;
  /** Stop accepting, let in-flight calls finish (bounded), flush the spool, close the children. */
  shutdown(o?: { graceMs?: number }): Promise<void>;
  /** Resolves when the gateway has shut down (stdio: the client hung up; or shutdown()). */
  closed: Promise<void>;
}

/**
 * Wires the gateway: config → spool (+ sender to Warden) → policy client and call chain → upstreams →
 * downstreams (stdio and/or Streamable HTTP), heartbeat and tools reports. Fails closed: without Warden's
 * API key in the named env var it does not start.
 */
export async function startGateway(o: {
  config: GatewayConfig;
  stdio?: boolean;
  log?: GatewayLog;
  env?: NodeJS.ProcessEnv;
  heartbeatMs?: number;
  /** How long to wait for upstreams at start before serving without them. Default 30 s. */
  upstreamWaitMs?: number;
  /** The heavy rules' scanner for tool outputs (default: a low-priority child process; tests pass a gated one). */
  heavyScanner?: Pick<HeavyScanner, "scan" | "close">;
}): Promise<RunningGateway> {
  const { config } = o;
  const env = o.env ?? process.env;
  const log = o.log ?? createGatewayLog();
  const startedAt = new Date().toISOString();
  const apiKey = env[config.warden.apiKeyEnv];
  if (!apiKey) throw new Error(`warden.apiKeyEnv: environment variable ${config.warden.apiKeyEnv} (Warden's API key for this gateway) is not set`);
  if (o.stdio && !config.identity) throw new Error("identity: --stdio needs identity.userId in the config (the acting user of this gateway)");
  if (config.listeners.http && !config.auth.jwt && !config.auth.staticTokens.length)
    log.warn({}, "listeners.http without auth.jwt or auth.staticTokens: every HTTP request will be refused (401)");

  // OpenTelemetry spans when OTEL_EXPORTER_OTLP_ENDPOINT is set (docs/otel.md); otherwise nothing is loaded.
  const telemetry = await startGatewayTelemetry({ env, config, log });
  await mkdir(config.spool.dir, { recursive: true });
  const spool = await openSpool({ dir: config.spool.dir, capBytes: config.spool.capBytes, whenFull: config.spool.whenFull, log });
  const sender = startSpoolSender({ spool, baseUrl: config.warden.url, apiKey, log });
  const api = createWardenGatewayApi({ baseUrl: config.warden.url, apiKey });
  const policy = createPolicyClient({ api, cacheFile: join(dirname(config.spool.dir), "policy-cache.json"), log });
  await policy.start();
  // The heavy rule sets on tool outputs (docs/guards.md "Two speeds"): queued after the result is returned,
  // scanned in a low-priority child process; findings go to Warden as late flags through a durable queue
  // beside the spool.
  const heavyConfig = config.guards.heavyOutputs;
  const lateFlags = config.guards.enabled && heavyConfig.enabled ? await openLateFlagQueue({ dir: config.spool.dir, api, log }) : undefined;
  const heavyOutputs = lateFlags
    ? createHeavyOutputQueue({
        scanner: o.heavyScanner ?? createHeavyScanner({ startWorker: forkHeavyWorker({ nice: heavyConfig.nice }), maxQueued: heavyConfig.maxQueued }),
        maxQueued: heavyConfig.maxQueued,
        maxChars: heavyConfig.maxChars,
        log,
        onFindings: (target, findings) =>
          void lateFlags.add({
            ...target,
            flags: [...new Set(findings.map((f) => f.flag))].slice(0, 16),
            findings: findings.slice(0, 32).map(({ flag, rule, category, severity, message }) => ({ flag, rule, category, severity, message: message.slice(0, 500) })),
          }),
      })
    : undefined;
  /** The heavy path's counters, for /metrics and the heartbeat. */
  const heavyStats = heavyOutputs && lateFlags ? () => ({ ...heavyOutputs.stats(), lateFlags: lateFlags.stats() }) : undefined;

  let calls = 0;
  const upstreams = new Map<string, Upstream>();
  const metrics = createGatewayMetrics({
    spool: () => spool.stats(),
    policyAgeSeconds: () => policy.ageSeconds(),
    upstreams: () => [...upstreams.values()],
    heavyOutputs: heavyStats,
  });
  // The guards (issue 17): the list stage (fingerprints, pins, hidden tools) sees every upstream tools/list
  // through the catalog; the guards stage and the output hook act on each call. On unless guards.enabled is false.
  let catalog!: ReturnType<typeof createUpstreamCatalog>;
  const toolGuard = config.guards.enabled ? createToolGuard({ policy, load: (server) => catalog.list(server, "tools"), log }) : undefined;
  const chain = createCallChain({
    policy,
    warden: api,
    spool,
    config,
    log,
    telemetry,
    guards: toolGuard ? { tools: toolGuard } : undefined,
    outputStage: config.guards.enabled ? createOutputGuard({ guards: config.guards, heavy: heavyOutputs }) : undefined,
    counters: {
      callFinished(event: GatewayEvent) {
        calls++;
        const method = (event as { tool?: string }).tool?.includes("/") ? (event.tool as string) : "tools/call";
        metrics.calls.inc({ status: event.status, method });
        if (typeof event.durationMs === "number") metrics.latency.observe({ method }, event.durationMs / 1000);
      },
    },
  });

  catalog = createUpstreamCatalog({
    upstreams,
    onTools: (server, list) => {
      toolGuard?.observe(server, list);
      tools.seen(server, list);
    },
  });
  const runtime: ProxyRuntime = { config, upstreams, catalog, toolGuard, runCall: chain, log, sessions: new Set(), inflight: new Set(), accepting: true };
  const tools = createToolsReporter({ baseUrl: config.warden.url, apiKey, upstreams, catalog, log });
  const handlers = createUpstreamHandlers({ runtime: () => runtime, onToolsChanged: (s) => tools.changed(s) });
  for (const [name, upstreamConfig] of Object.entries(config.mcpServers))
    upstreams.set(name, startUpstream({ name, config: upstreamConfig, log, handlers, env }));
  const wait = o.upstreamWaitMs ?? 30_000;
  await Promise.race([Promise.all([...upstreams.values()].map((u) => u.firstAttempt)), new Promise((r) => setTimeout(r, wait).unref())]);

  const heartbeatBody = (): HeartbeatBody => {
    const s = spool.stats();
    return {
      gatewayVersion: GATEWAY_VERSION,
      policyEtag: policy.current()?.etag ?? null,
      policyAgeSeconds: policy.ageSeconds() === null ? null : Math.round(policy.ageSeconds()!),
      spool: { depthEvents: s.depthEvents, depthBytes: s.depthBytes, capBytes: s.capBytes },
      counters: { calls, ...s.counters },
      failOpen: listFailOpenSettings({ config, policyAgeSeconds: policy.ageSeconds() }),
      upstreams: [...upstreams.values()].map((u) => ({ name: u.name, status: u.status, restarts: u.restarts })),
      startedAt,
      ...(heavyStats ? { heavyOutputs: heavyStats() } : {}),
    };
  };
  const heartbeat = startHeartbeat({ baseUrl: config.warden.url, apiKey, intervalMs: o.heartbeatMs, body: heartbeatBody, log });
  // A new policy that shows or hides tools (an approval, a block, a trust policy) is announced to the clients
  // that see those servers, as an upstream's own list_changed is.
  const listWatch = toolGuard
    ? setInterval(() => {
        for (const server of toolGuard.changedServers())
          for (const s of runtime.sessions) if (s.scope === null || s.scope === server) void s.server.sendToolListChanged().catch(() => undefined);
      }, 1000).unref()
    : undefined;

  let resolveClosed!: () => void;
  const closed = new Promise<void>((r) => (resolveClosed = r));
  let shuttingDown: Promise<void> | undefined;

  let http: HttpDownstream | undefined;
  // --stdio serves the one client that spawned it and binds no port (Claude Desktop may spawn several).
  if (config.listeners.http && !o.stdio) {
    http = await serveHttp({
      runtime,
      verifyCaller: createCallerVerifier({ auth: config.auth }),
      host: config.listeners.http.host,
      port: config.listeners.http.port,
      publicUrl: config.listeners.http.publicUrl,
      holdKey: holdKey(config, env),
      metrics,
      health: () => ({
        status: [...upstreams.values()].every((u) => u.status === "up") ? "ok" : "degraded",
        version: GATEWAY_VERSION,
        upstreams: [...upstreams.values()].map((u) => ({ name: u.name, kind: u.kind, status: u.status, restarts: u.restarts, pid: u.pid() ?? null })),
        policy: { etag: policy.current()?.etag ?? null, ageSeconds: policy.ageSeconds() },
        spool: spool.stats(),
        sender: sender.status(),
      }),
    });
    log.info({ url: http.url }, "listening (Streamable HTTP: /mcp, /mcp/<server>)");
  }
  if (o.stdio) {
    await serveStdio({ runtime, identity: { ...config.identity!, source: "config" }, onClose: () => void shutdown() });
    log.info({}, "serving MCP on stdio");
  }

  async function shutdown(so: { graceMs?: number } = {}): Promise<void> {
    if (shuttingDown) return shuttingDown;
    shuttingDown = (async () => {
      runtime.accepting = false;
      http?.stopAccepting();
      log.info({ inflight: runtime.inflight.size }, "shutting down: waiting for calls in flight");
      const grace = so.graceMs ?? 10_000;
      await Promise.race([Promise.allSettled([...runtime.inflight]), new Promise((r) => setTimeout(r, grace).unref())]);
      heartbeat.stop();
      clearInterval(listWatch);
      await tools.stop(Math.min(grace, 3_000)); // before the upstreams close: a pending tools report still goes out
      await http?.close();
      for (const s of runtime.sessions) await s.server.close().catch(() => undefined);
      await Promise.all([...upstreams.values()].map((u) => u.close()));
      policy.close();
      await heavyOutputs?.close(); // outputs still waiting for the heavy scan are not scanned (best effort)
      const drained = await sender.drained(Math.min(grace, 5_000));
      await lateFlags?.drained(Math.min(grace, 2_000)); // after the events they apply to
      await lateFlags?.close();
      await heartbeat.sendNow();
      await sender.stop();
      await spool.close();
      await telemetry?.shutdown().catch((err) => log.warn({ err: (err as Error).message }, "OpenTelemetry: spans not exported at shutdown"));
      log.info({ drained }, "gateway stopped");
      resolveClosed();
    })();
    return shuttingDown;
  }

  for (const name of upstreams.keys()) tools.changed(name);
  return { http, upstreams, spool, policy, sender, runtime, shutdown, closed };
}

/** The key that seals resumable approval holds, from the env var the config names (≥ 32 bytes). */
function holdKey(config: GatewayConfig, env: NodeJS.ProcessEnv): string | undefined {
  const name = config.approvals?.requestStateKeyEnv;
  if (!name) return undefined;
  const key = env[name];
  if (!key || Buffer.byteLength(key) < 32) throw new Error(`approvals.requestStateKeyEnv: environment variable ${name} must hold a key of at least 32 bytes`);
  return key;
}
