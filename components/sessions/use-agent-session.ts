"use client";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { queryKeys } from "@/lib/query-keys";
import type { AgentSession } from "@/lib/events/session-schema";
import { fetchCoalesced } from "@/components/overview/coalesced-fetch";
import { toQueryString } from "@/components/overview/use-url-filters";

/** The calls of one agent session (GET /api/events/session); refetched when new events arrive. */
export function useAgentSession(params: { session?: string; trace?: string; at?: string }) {
  const client = useQueryClient();
  const queryKey = queryKeys.events.session(params);
  return useQuery({
    queryKey,
    queryFn: () => fetchCoalesced<AgentSession>(client, queryKey, `/api/events/session?${toQueryString(params)}`),
  });
}
