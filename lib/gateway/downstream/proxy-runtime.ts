import type { Server } from "@modelcontextprotocol/server";
import type { GatewayConfig } from "../config/schema";
import type { Forward, GatewayCall, IdentitySource } from "../call";
import type { GatewayLog } from "../log";
import type { Upstream } from "../upstream/start-upstream";
import type { UpstreamCatalog } from "./upstream-catalog";
import type { ToolGuard } from "../guards/create-tool-guard";

export interface CallerIdentity {
  userId: string;
  team?: string;
  source: IdentitySource;
}

/** One downstream connection: the stdio client, or one Streamable HTTP session. */
export interface ProxySession {
  server: Server;
  /** `null`: the aggregated endpoint (all upstreams, namespaced names); else one upstream's own names. */
  scope: string | null;
  /** Calls in flight per upstream: where a server→client request (sampling, elicitation) is routed. */
  inflight: Map<string, number>;
  identity?: CallerIdentity;
  sessionId?: string;
  lastActiveAt: number;
}

export type RunCall = (call: GatewayCall, forward: Forward) => Promise<unknown>;

/** What every downstream session shares: the upstreams, their cached lists, and the call chain. */
export interface ProxyRuntime {
  config: GatewayConfig;
  upstreams: Map<string, Upstream>;
  catalog: UpstreamCatalog;
  /** The list stage (issue 17): which listed tools clients see; absent: all of them. */
  toolGuard?: Pick<ToolGuard, "visibleTools">;
  runCall: RunCall;
  log: GatewayLog;
  sessions: Set<ProxySession>;
  /** Calls currently running (graceful shutdown waits for them). */
  inflight: Set<Promise<unknown>>;
  accepting: boolean;
}

export function timeoutFor(config: GatewayConfig, server: string, tool: string): number {
  return config.tools[`${server}/${tool}`]?.timeoutMs ?? config.defaults.timeoutMs;
}
