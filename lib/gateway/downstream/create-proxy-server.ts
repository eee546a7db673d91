import { randomUUID } from "node:crypto";
import { Server, ProtocolError, ProtocolErrorCode, type RequestStateCodec, type ServerCapabilities, type ServerContext } from "@modelcontextprotocol/server";
import type { Forward, GatewayCall, GatewayMethod, HoldState } from "../call";
import { joinName, splitName } from "./namespace";
import { timeoutFor, type CallerIdentity, type ProxyRuntime, type ProxySession } from "./proxy-runtime";

const GATEWAY_INFO = { name: "warden-gateway", version: "1.0.0" };

/** The capabilities to declare: only what the upstream(s) advertised (aggregated: their union). */
export function proxyCapabilities(o: { runtime: ProxyRuntime; scope: string | null }): ServerCapabilities {
  const names = o.scope ? [o.scope] : [...o.runtime.upstreams.keys()];
  const caps: ServerCapabilities = {};
  for (const n of names) {
    const up = o.runtime.upstreams.get(n);
    // An upstream not (yet) connected is assumed to serve tools, so its tools appear when it comes up.
    const c = up?.capabilities() ?? { tools: { listChanged: true } };
    if (c.tools) caps.tools = { listChanged: true };
    if (c.prompts) caps.prompts = { listChanged: true };
    if (c.resources) caps.resources = { listChanged: true, subscribe: !!(caps.resources?.subscribe || c.resources.subscribe) };
    if (c.completions) caps.completions = {};
    if (c.logging) caps.logging = {};
  }
  return caps;
}

/**
 * A low-level MCP Server for one downstream session that forwards to the upstreams. tools/call,
 * resources/read and prompts/get run through the call chain (policy, limits, approvals, recording);
 * lists, completions, subscriptions and logging level are forwarded directly. Progress is relayed with the
 * caller's token; the caller's cancellation aborts the upstream request.
 */
export function createProxyServer(o: {
  runtime: ProxyRuntime;
  scope: string | null;
  /** The caller of one request: from config (stdio) or from its verified token (HTTP). */
  identityOf: (ctx: ServerContext) => CallerIdentity;
  /**
   * A 2026-07-28 (per-request) server: approval waits may end a round with `input_required`, sealed with this
   * codec, and a retry that echoes the requestState resumes the wait. Absent for 2025-era sessions.
   */
  holds?: RequestStateCodec<HoldState>;
}): ProxySession {
  const { runtime, scope, holds } = o;
  const capabilities = proxyCapabilities({ runtime, scope });
  const server = new Server(GATEWAY_INFO, {
    capabilities,
    instructions: scope ? runtime.upstreams.get(scope)?.serverInfo()?.name : undefined,
    // A requestState that fails the codec (forged, expired, another key) is refused by the SDK with -32602.
    ...(holds ? { requestState: { verify: holds.verify } } : {}),
  });
  const session: ProxySession = { server, scope, inflight: new Map(), lastActiveAt: Date.now() };
  const servers = () => (scope ? [scope] : [...runtime.upstreams.keys()]);
  const outName = (srv: string, name: string) => (scope ? name : joinName(srv, name));
  const inName = (name: string): { server: string; name: string } => {
    if (scope) return { server: scope, name };
    const split = splitName(name);
    if (!split || !runtime.upstreams.has(split.server))
      throw new ProtocolError(ProtocolErrorCode.InvalidParams, `unknown name "${name}": expected <server>__<name> with a configured server`);
    return split;
  };
  const upstreamOf = (srv: string) => {
    const up = runtime.upstreams.get(srv);
    if (!up) throw new ProtocolError(ProtocolErrorCode.InvalidParams, `unknown server "${srv}"`);
    return up;
  };
  const withCap = (key: keyof ServerCapabilities) => servers().filter((n) => runtime.upstreams.get(n)?.capabilities()?.[key]);

  /** Request _meta to pass upstream: everything but the progress token (the SDK sets its own) and warden/ keys. */
  const upstreamMeta = (meta: Record<string, unknown> | undefined) => {
    if (!meta) return undefined;
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(meta)) if (k !== "progressToken" && !k.startsWith("warden/")) out[k] = v;
    return Object.keys(out).length ? out : undefined;
  };

  async function runThroughChain(
    ctx: ServerContext,
    method: GatewayMethod,
    srv: string,
    tool: string,
    params: Record<string, unknown>,
    send: (call: GatewayCall, o: { signal: AbortSignal; timeoutMs: number }) => Promise<unknown>,
  ): Promise<unknown> {
    if (!runtime.accepting) throw new ProtocolError(ProtocolErrorCode.InternalError, "warden-gateway is shutting down");
    const identity = o.identityOf(ctx);
    session.identity = identity;
    session.lastActiveAt = Date.now();
    const meta = ctx.mcpReq._meta as Record<string, unknown> | undefined;
    const progressToken = meta?.progressToken as string | number | undefined;
    const call: GatewayCall = {
      id: randomUUID(),
      method,
      server: srv,
      tool,
      params,
      identity,
      agent: server.getClientVersion()?.name,
      sessionId: ctx.sessionId,
      meta,
      signal: ctx.mcpReq.signal,
      progress:
        progressToken === undefined
          ? undefined
          : (p) => void ctx.mcpReq.notify({ method: "notifications/progress", params: { progressToken, ...p } }).catch(() => undefined),
      startedAt: new Date(),
      requestId: ctx.mcpReq.id,
      hold: holds ? { resumed: ctx.mcpReq.requestState<HoldState>(), seal: (state) => holds.mint(state, ctx) } : undefined,
    };
    const forward: Forward = (c, fo) => send(c, fo);
    session.inflight.set(srv, (session.inflight.get(srv) ?? 0) + 1);
    const running = runtime.runCall(call, forward);
    runtime.inflight.add(running);
    try {
      return await running;
    } finally {
      runtime.inflight.delete(running);
      session.inflight.set(srv, (session.inflight.get(srv) ?? 1) - 1);
    }
  }

  const progressOf = (call: GatewayCall) => (call.progress ? (p: { progress: number; total?: number; message?: string }) => call.progress!(p) : undefined);

  if (capabilities.tools) {
    server.setRequestHandler("tools/list", async () => {
      const tools: Record<string, unknown>[] = [];
      for (const srv of withCap("tools")) {
        const list = await runtime.catalog.list(srv, "tools").catch((e) => {
          if (scope) throw e;
          runtime.log.warn({ upstream: srv, err: (e as Error).message }, "tools/list failed; leaving its tools out");
          return [];
        });
        for (const t of runtime.toolGuard ? runtime.toolGuard.visibleTools(srv, list) : list) tools.push({ ...t, name: outName(srv, t.name as string) });
      }
      return { tools } as never;
    });
    server.setRequestHandler("tools/call", async (req, ctx) => {
      const { server: srv, name } = inName(req.params.name);
      const up = upstreamOf(srv);
      const args = (req.params.arguments ?? {}) as Record<string, unknown>;
      try {
        return (await runThroughChain(ctx, "tools/call", srv, name, args, (call, fo) =>
          up.request(
            { method: "tools/call", params: { name: call.tool, arguments: call.params, ...(upstreamMeta(call.meta) ? { _meta: upstreamMeta(call.meta) } : {}) } },
            { signal: fo.signal, timeout: fo.timeoutMs, onprogress: progressOf(call) },
          ),
        )) as never;
      } catch (e) {
        if (e instanceof ProtocolError && e.code === ProtocolErrorCode.InvalidParams) throw e;
        return { isError: true, content: [{ type: "text", text: `warden-gateway: ${(e as Error).message}` }] } as never;
      }
    });
  }

  if (capabilities.prompts) {
    server.setRequestHandler("prompts/list", async () => {
      const prompts: Record<string, unknown>[] = [];
      for (const srv of withCap("prompts")) for (const p of await runtime.catalog.list(srv, "prompts")) prompts.push({ ...p, name: outName(srv, p.name as string) });
      return { prompts } as never;
    });
    server.setRequestHandler("prompts/get", async (req, ctx) => {
      const { server: srv, name } = inName(req.params.name);
      const up = upstreamOf(srv);
      return (await runThroughChain(ctx, "prompts/get", srv, "prompts/get", { name, arguments: req.params.arguments ?? {} }, (call, fo) =>
        up.request(
          { method: "prompts/get", params: { name: call.params.name, arguments: call.params.arguments } },
          { signal: fo.signal, timeout: fo.timeoutMs, onprogress: progressOf(call) },
        ),
      )) as never;
    });
  }

  if (capabilities.resources) {
    server.setRequestHandler("resources/list", async () => {
      const resources: Record<string, unknown>[] = [];
      for (const srv of withCap("resources")) resources.push(...(await runtime.catalog.list(srv, "resources")));
      return { resources } as never;
    });
    server.setRequestHandler("resources/templates/list", async () => {
      const resourceTemplates: Record<string, unknown>[] = [];
      for (const srv of withCap("resources")) resourceTemplates.push(...(await runtime.catalog.list(srv, "resourceTemplates")));
      return { resourceTemplates } as never;
    });
    const serverFor = async (uri: string) => {
      const srv = scope ?? (await runtime.catalog.serverForUri(uri));
      if (!srv) throw new ProtocolError(ProtocolErrorCode.InvalidParams, `no configured server lists the resource ${uri}`);
      return srv;
    };
    server.setRequestHandler("resources/read", async (req, ctx) => {
      const srv = await serverFor(req.params.uri);
      const up = upstreamOf(srv);
      return (await runThroughChain(ctx, "resources/read", srv, "resources/read", { uri: req.params.uri }, (call, fo) =>
        up.request({ method: "resources/read", params: { uri: call.params.uri } }, { signal: fo.signal, timeout: fo.timeoutMs, onprogress: progressOf(call) }),
      )) as never;
    });
    server.setRequestHandler("resources/subscribe", async (req, ctx) =>
      (await upstreamOf(await serverFor(req.params.uri)).request({ method: "resources/subscribe", params: { uri: req.params.uri } }, { signal: ctx.mcpReq.signal })) as never,
    );
    server.setRequestHandler("resources/unsubscribe", async (req, ctx) =>
      (await upstreamOf(await serverFor(req.params.uri)).request({ method: "resources/unsubscribe", params: { uri: req.params.uri } }, { signal: ctx.mcpReq.signal })) as never,
    );
  }

  if (capabilities.completions) {
    server.setRequestHandler("completion/complete", async (req, ctx) => {
      const ref = req.params.ref as { type: string; name?: string; uri?: string };
      let srv: string;
      let upstreamRef: Record<string, unknown> = ref;
      if (ref.type === "ref/prompt") {
        const split = inName(ref.name!);
        srv = split.server;
        upstreamRef = { ...ref, name: split.name };
      } else srv = scope ?? (await runtime.catalog.serverForUri(ref.uri ?? "")) ?? "";
      return (await upstreamOf(srv).request(
        { method: "completion/complete", params: { ...req.params, ref: upstreamRef } as Record<string, unknown> },
        { signal: ctx.mcpReq.signal },
      )) as never;
    });
  }

  if (capabilities.logging) {
    server.setRequestHandler("logging/setLevel", async (req) => {
      await Promise.all(withCap("logging").map((srv) => runtime.upstreams.get(srv)!.request({ method: "logging/setLevel", params: { level: req.params.level } }, {})));
      return {} as never;
    });
  }

  server.onclose = () => runtime.sessions.delete(session);
  runtime.sessions.add(session);
  return session;
}
