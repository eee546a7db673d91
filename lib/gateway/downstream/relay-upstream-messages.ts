import { randomUUID } from "node:crypto";
import type { GatewayCall, GatewayMethod } from "../call";
import type { UpstreamHandlers } from "../upstream/start-upstream";
import type { ProxyRuntime, ProxySession } from "./proxy-runtime";

const inScope = (s: ProxySession, server: string) => s.scope === null || s.scope === server;

/**
 * How upstream messages reach downstream sessions:
 * - list_changed invalidates the cached list and tells every session that sees that server;
 * - resources/updated and logging messages go to the sessions that see that server;
 * - a server→client request (sampling, elicitation) goes to the session with a call in flight on that
 *   server (the most recently active one), through the call chain so it is recorded.
 */
export function createUpstreamHandlers(o: { runtime: () => ProxyRuntime; onToolsChanged?: (server: string) => void }): UpstreamHandlers {
  return {
    onConnected(server) {
      const rt = o.runtime();
      rt.catalog.invalidate(server);
      for (const s of rt.sessions) if (inScope(s, server)) void s.server.sendToolListChanged().catch(() => undefined);
      o.onToolsChanged?.(server);
    },
    onNotification(server, n) {
      const rt = o.runtime();
      const targets = [...rt.sessions].filter((s) => inScope(s, server));
      const send = (f: (s: ProxySession) => Promise<void>) => targets.forEach((s) => void f(s).catch(() => undefined));
      switch (n.method) {
        case "notifications/tools/list_changed":
          rt.catalog.invalidate(server, ["tools"]);
          send((s) => s.server.sendToolListChanged());
          o.onToolsChanged?.(server);
          break;
        case "notifications/prompts/list_changed":
          rt.catalog.invalidate(server, ["prompts"]);
          send((s) => s.server.sendPromptListChanged());
          break;
        case "notifications/resources/list_changed":
          rt.catalog.invalidate(server, ["resources", "resourceTemplates"]);
          send((s) => s.server.sendResourceListChanged());
          break;
        case "notifications/resources/updated":
        case "notifications/message":
          send((s) => s.server.notification({ method: n.method, params: n.params } as never));
          break;
        default:
          rt.log.debug({ upstream: server, method: n.method }, "upstream notification not relayed");
      }
    },
    async onRequest(server, r, ro) {
      const rt = o.runtime();
      const candidates = [...rt.sessions]
        .filter((s) => inScope(s, server) && (s.inflight.get(server) ?? 0) > 0)
        .sort((a, b) => b.lastActiveAt - a.lastActiveAt);
      const session = candidates[0];
      if (!session) throw new Error(`${r.method}: no downstream client has a call in flight on ${server}`);
      const method = r.method as GatewayMethod;
      const call: GatewayCall = {
        id: randomUUID(),
        method,
        server,
        tool: method,
        params: r.params ?? {},
        identity: session.identity ?? { userId: "unknown", source: "config" },
        agent: session.server.getClientVersion()?.name,
        sessionId: session.sessionId,
        signal: ro.signal,
        startedAt: new Date(),
      };
      return (await rt.runCall(call, (c, fo) =>
        session.server.request({ method: c.method, params: c.params } as never, { signal: fo.signal, timeout: fo.timeoutMs }),
      )) as Record<string, unknown>;
    },
  };
}
