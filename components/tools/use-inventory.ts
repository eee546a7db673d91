"use client";
import { useQuery } from "@tanstack/react-query";
import { apiFetch } from "@/lib/http/api-client";
import { queryKeys } from "@/lib/query-keys";
import type { InventoryList, InventoryToolDetail, KillSwitchView } from "@/lib/inventory/schema";

/** GET /api/inventory/tools — refreshed by live "tools" messages. */
export function useInventoryTools(filters: Record<string, string | undefined>) {
  const qs = new URLSearchParams(Object.entries(filters).filter((e): e is [string, string] => !!e[1])).toString();
  return useQuery({
    queryKey: queryKeys.tools.list(filters),
    queryFn: ({ signal }) => apiFetch<InventoryList>(`/api/inventory/tools${qs ? `?${qs}` : ""}`, { signal }),
    refetchInterval: 60_000,
  });
}

/** GET /api/inventory/tools/{id} */
export function useInventoryTool(id: string) {
  return useQuery({
    queryKey: queryKeys.tools.detail(id),
    queryFn: ({ signal }) => apiFetch<{ tool: InventoryToolDetail }>(`/api/inventory/tools/${id}`, { signal }).then((r) => r.tool),
  });
}

/** GET /api/kill-switches (the Tools page: roles with inventory:read get the full list). */
export function useKillSwitches() {
  return useQuery({
    queryKey: queryKeys.tools.killSwitches(),
    queryFn: ({ signal }) => apiFetch<{ active: KillSwitchView[]; lifted: KillSwitchView[] }>("/api/kill-switches", { signal }),
  });
}
