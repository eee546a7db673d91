import type { GatewayLog } from "../log";
import type { UpstreamCatalog } from "../downstream/upstream-catalog";
import type { Upstream } from "../upstream/start-upstream";
import { postToWarden } from "./post-to-warden";

/**
 * Reports each upstream's tools/list to Warden (PUT /api/v1/tools) at start and when it changes
 * (list_changed, reconnect). Reports for the same server within 500 ms are coalesced; failures are retried
 * on the next change or after a minute. Every list the gateway served in between (`seen`, from the catalog)
 * is reported too, in order, before the current one: a server that changes its tools right after its first
 * list (a rug pull) cannot have Warden's inventory see only the changed version.
 */
export function createToolsReporter(o: { baseUrl: string; apiKey: string; upstreams: Map<string, Upstream>; catalog: UpstreamCatalog; log: GatewayLog }) {
  const pending = new Set<string>();
  /** Lists the gateway saw (and may have shown) since the last report, per server, oldest first. */
  const unsent = new Map<string, Record<string, unknown>[][]>();
  let timer: NodeJS.Timeout | undefined;
  let last: Promise<void> = Promise.resolve();
  let stopped = false;

  async function flush() {
    timer = undefined;
    const names = [...pending];
    pending.clear();
    const sequences = new Map<string, Record<string, unknown>[][]>();
    for (const name of names) {
      const up = o.upstreams.get(name);
      if (!up || up.status !== "up" || !up.capabilities()?.tools) continue;
      try {
        const current = await o.catalog.list(name, "tools");
        const earlier = (unsent.get(name) ?? []).filter((l) => l !== current);
        unsent.delete(name);
        sequences.set(name, [...earlier, current]);
      } catch (e) {
        o.log.warn({ upstream: name, err: (e as Error).message }, "tools/list for Warden failed");
      }
    }
    const rounds = Math.max(0, ...[...sequences.values()].map((q) => q.length));
    for (let i = 0; i < rounds; i++) {
      const servers = [...sequences].filter(([, q]) => i < q.length).map(([server, q]) => ({ server, tools: q[i]! }));
      try {
        await postToWarden({ baseUrl: o.baseUrl, apiKey: o.apiKey, method: "PUT", path: "/tools", body: { servers } });
        o.log.info({ servers: servers.map((s) => s.server) }, "tools lists reported to Warden");
      } catch (e) {
        o.log.warn({ err: (e as Error).message }, "tools lists not reported; retrying in a minute");
        for (const [server, q] of sequences) {
          if (i >= q.length) continue;
          unsent.set(server, [...q.slice(i, -1), ...(unsent.get(server) ?? [])]);
          pending.add(server);
        }
        if (stopped) return;
        timer = setTimeout(() => (last = flush()), 60_000);
        timer.unref();
        return;
      }
    }
  }

  return {
    /** A tools/list the gateway got from an upstream (reported with the next report of that server). */
    seen(server: string, tools: Record<string, unknown>[]) {
      const q = unsent.get(server) ?? [];
      if (q.at(-1) !== tools) q.push(tools);
      unsent.set(server, q.slice(-10));
    },
    changed(server: string) {
      pending.add(server);
      if (!timer) {
        timer = setTimeout(() => (last = flush()), 500);
        timer.unref();
      }
    },
    /** Waits for the report in progress (tests, shutdown). */
    idle: () => last,
    /**
     * Shutdown: a change still waiting for its debounce is reported now, and the report in progress gets up
     * to `ms` to finish (a rug pull seen just before the gateway stopped was otherwise never reported, and
     * Warden raised no alert). No retry is scheduled after this.
     */
    async stop(ms = 0) {
      stopped = true;
      if (timer) {
        clearTimeout(timer);
        timer = undefined;
        if (pending.size && ms > 0) last = last.then(flush, flush);
      }
      if (ms > 0) await Promise.race([last.catch(() => undefined), new Promise((r) => setTimeout(r, ms).unref())]);
    },
  };
}
