"use client";
import { useQuery } from "@tanstack/react-query";
import { apiFetch } from "@/lib/http/api-client";
import { queryKeys } from "@/lib/query-keys";
import type { GatewayRow } from "@/lib/gateways/schema";

/** GET /api/gateways — refreshed by live "gateways" messages, and every 30 s for rates and last seen. */
export function useGateways() {
  return useQuery({
    queryKey: queryKeys.gateways.list(),
    queryFn: ({ signal }) => apiFetch<{ gateways: GatewayRow[] }>("/api/gateways", { signal }),
    refetchInterval: 30_000,
  });
}
