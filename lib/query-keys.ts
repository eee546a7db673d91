// Every query key starts with a realtime topic (lib/realtime/topics.ts), so a change message on that
// topic invalidates exactly the queries that could show it.
export const queryKeys = {
  users: { all: ["users"] as const, list: () => ["users", "list"] as const },
  gateways: { all: ["gateways"] as const, list: () => ["gateways", "list"] as const },
  tools: {
    all: ["tools"] as const,
    list: (filters: Record<string, string | undefined>) => ["tools", "list", filters] as const,
    detail: (id: string) => ["tools", "detail", id] as const,
    killSwitches: () => ["tools", "kill-switches"] as const,
  },
  approvals: {
    all: ["approvals"] as const,
    list: (filters: Record<string, string | undefined>) => ["approvals", "list", filters] as const,
    detail: (id: string) => ["approvals", "detail", id] as const,
    count: () => ["approvals", "count"] as const,
    rules: () => ["approvals", "rules"] as const,
    signingKeys: () => ["approvals", "signing-keys"] as const,
  },
  metrics: {
    all: ["metrics"] as const,
    chart: (name: string, params: Record<string, string | undefined>) => ["metrics", name, params] as const,
    gatewayHealth: () => ["metrics", "gateway-health"] as const,
  },
  events: {
    all: ["events"] as const,
    list: (filters: Record<string, string | undefined>) => ["events", "list", filters] as const,
    detail: (id: string) => ["events", "detail", id] as const,
    facets: (filters: Record<string, string | undefined>) => ["events", "facets", filters] as const,
    count: (filters: Record<string, string | undefined>) => ["events", "count", filters] as const,
    session: (params: Record<string, string | undefined>) => ["events", "session", params] as const,
  },
  budgets: {
    all: ["budgets"] as const,
    list: () => ["budgets", "list"] as const,
    detail: (id: string) => ["budgets", "detail", id] as const,
    options: () => ["budgets", "options"] as const,
  },
  alerts: {
    all: ["alerts"] as const,
    list: (filters: Record<string, string | undefined>) => ["alerts", "list", filters] as const,
    detail: (id: string) => ["alerts", "detail", id] as const,
    count: () => ["alerts", "count"] as const,
    markers: (params: Record<string, string | undefined>) => ["alerts", "markers", params] as const,
    rules: () => ["alerts", "rules"] as const,
    channels: () => ["alerts", "channels"] as const,
    deliveries: (channelId: string) => ["alerts", "deliveries", channelId] as const,
    allowedHosts: () => ["alerts", "allowed-hosts"] as const,
  },
  // No realtime topic: saved views change only by their owner's hand; refetched after each change (and every minute).
  savedViews: { all: ["saved-views"] as const, list: (page: string) => ["saved-views", "list", page] as const },
  audit: { list: (filters: Record<string, string | undefined>) => ["users", "audit", filters] as const },
};
