import type { GatewayLog } from "../log";
import type { UpstreamCatalog } from "../downstream/upstream-catalog";
import type { Upstream } from "../upstream/start-upstream";
import { postToWarden } from "./post-to-warden";

/**
 * Reports each upstream's tools/list to Warden (PUT /api/v1/tools) at start and when it changes
 * (list_changed, reconnect). Reports for the same server within 500 ms are coalesced; failures are retried
 * on the next change or after a minute.
 */
export function createToolsReporter(o: { baseUrl: string; apiKey: string; upstreams: Map<string, Upstream>; catalog: UpstreamCatalog; log: GatewayLog }) {
  const pending = new Set<string>();
  let timer: NodeJS.Timeout | undefined;
  let last: Promise<void> = Promise.resolve();

  async function flush() {
    timer = undefined;
    const names = [...pending];
    pending.clear();
    const servers: { server: string; tools: Record<string, unknown>[] }[] = [];
    for (const name of names) {
      const up = o.upstreams.get(name);
      if (!up || up.status !== "up" || !up.capabilities()?.tools) continue;
      try {
        servers.push({ server: name, tools: await o.catalog.list(name, "tools") });
      } catch (e) {
        o.log.warn({ upstream: name, err: (e as Error).message }, "tools/list for Warden failed");
      }
    }
    if (!servers.length) return;
    try {
      await postToWarden({ baseUrl: o.baseUrl, apiKey: o.apiKey, method: "PUT", path: "/tools", body: { servers } });
      o.log.info({ servers: servers.map((s) => s.server) }, "tools lists reported to Warden");
    } catch (e) {
      o.log.warn({ err: (e as Error).message }, "tools lists not reported; retrying in a minute");
      for (const s of servers) pending.add(s.server);
      timer = setTimeout(() => (last = flush()), 60_000);
      timer.unref();
    }
  }

  return {
    changed(server: string) {
      pending.add(server);
      if (!timer) {
        timer = setTimeout(() => (last = flush()), 500);
        timer.unref();
      }
    },
    /** Waits for the report in progress (tests, shutdown). */
    idle: () => last,
    stop() {
      if (timer) clearTimeout(timer);
    },
  };
}
