// Every query key starts with a realtime topic (lib/realtime/topics.ts), so a change message on that
// topic invalidates exactly the queries that could show it.
export const queryKeys = {
  users: { all: ["users"] as const, list: () => ["users", "list"] as const },
  audit: { list: (filters: Record<string, string | undefined>) => ["users", "audit", filters] as const },
};
