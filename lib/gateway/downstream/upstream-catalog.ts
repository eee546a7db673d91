import type { Upstream } from "../upstream/start-upstream";

type Kind = "tools" | "prompts" | "resources" | "resourceTemplates";
const LIST: Record<Kind, { method: string; key: string }> = {
  tools: { method: "tools/list", key: "tools" },
  prompts: { method: "prompts/list", key: "prompts" },
  resources: { method: "resources/list", key: "resources" },
  resourceTemplates: { method: "resources/templates/list", key: "resourceTemplates" },
};

export interface UpstreamCatalog {
  /** Every page of an upstream's list, cached until its list_changed notification or a reconnect. */
  list(server: string, kind: Kind): Promise<Record<string, unknown>[]>;
  invalidate(server: string, kinds?: Kind[]): void;
  /** Which upstream serves a resource URI (from the lists and templates seen), for the aggregated endpoint. */
  serverForUri(uri: string): Promise<string | undefined>;
}

export function createUpstreamCatalog(o: {
  upstreams: Map<string, Upstream>;
  /** Sees every fresh tools/list of an upstream before anyone gets it (the list stage's fingerprints and pins). */
  onTools?: (server: string, tools: Record<string, unknown>[]) => void;
}): UpstreamCatalog {
  const cache = new Map<string, Promise<Record<string, unknown>[]>>();
  const catalog: UpstreamCatalog = {
    list(server, kind) {
      const key = `${server}\u0000${kind}`;
      let hit = cache.get(key);
      if (!hit) {
        hit = fetchAll(server, kind);
        if (kind === "tools" && o.onTools)
          hit = hit.then((tools) => {
            o.onTools!(server, tools);
            return tools;
          });
        cache.set(key, hit);
        hit.catch(() => cache.delete(key));
      }
      return hit;
    },
    invalidate(server, kinds = ["tools", "prompts", "resources", "resourceTemplates"]) {
      for (const k of kinds) cache.delete(`${server}\u0000${k}`);
    },
    async serverForUri(uri) {
      const names = [...o.upstreams.keys()].filter((n) => o.upstreams.get(n)!.capabilities()?.resources);
      for (const n of names) {
        const resources = await catalog.list(n, "resources").catch(() => []);
        if (resources.some((r) => r.uri === uri)) return n;
      }
      for (const n of names) {
        const templates = await catalog.list(n, "resourceTemplates").catch(() => []);
        if (templates.some((t) => typeof t.uriTemplate === "string" && uri.startsWith(t.uriTemplate.split("{")[0]!))) return n;
      }
      return names.length === 1 ? names[0] : undefined;
    },
  };

  async function fetchAll(server: string, kind: Kind): Promise<Record<string, unknown>[]> {
    const upstream = o.upstreams.get(server);
    if (!upstream) return [];
    const { method, key } = LIST[kind];
    const out: Record<string, unknown>[] = [];
    let cursor: string | undefined;
    for (let page = 0; page < 100; page++) {
      const result = await upstream.request({ method, params: cursor ? { cursor } : {} }, { timeout: 30_000 });
      out.push(...((result[key] as Record<string, unknown>[]) ?? []));
      cursor = result.nextCursor as string | undefined;
      if (!cursor) break;
    }
    return out;
  }
  return catalog;
}
