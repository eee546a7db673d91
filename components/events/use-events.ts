"use client";
import { useInfiniteQuery, useQuery, useQueryClient, type InfiniteData } from "@tanstack/react-query";
import { useCallback } from "react";
import { queryKeys } from "@/lib/query-keys";
import type { EventCount, EventDetail, EventFacets, EventPage } from "@/lib/events/schema";
import { fetchCoalesced } from "@/components/overview/coalesced-fetch";
import { toQueryString } from "@/components/overview/use-url-filters";

export const PAGE_SIZE = 50;

/**
 * Pages of events for the explorer (GET /api/events). Pinned (live tail off): the first page's snapshot
 * time (asOf, chosen by the server) is kept in the cached pages, and every refetch — including the ones a
 * live "events" message triggers — reads that same snapshot, so the rows stay put while events arrive;
 * `showLatest()` drops the cached pages and reads a new snapshot. Live tail: every refetch reads the newest.
 */
export function useEventsList(filters: Record<string, string | undefined>, live: boolean) {
  const client = useQueryClient();
  const queryKey = queryKeys.events.list({ ...filters, live: live ? "1" : undefined });
  const q = useInfiniteQuery({
    queryKey,
    initialPageParam: null as string | null,
    queryFn: ({ pageParam }) => {
      const cached = client.getQueryData<InfiniteData<EventPage>>(queryKey);
      const asOf = live ? undefined : cached?.pages[0]?.asOf;
      const url = `/api/events?${toQueryString({ ...filters, asOf, cursor: pageParam ?? undefined, limit: String(PAGE_SIZE) })}`;
      return fetchCoalesced<EventPage>(client, queryKey, url);
    },
    getNextPageParam: (last) => last.nextCursor,
  });
  const showLatest = useCallback(() => void client.resetQueries({ queryKey, exact: true }), [client, queryKey]);
  return { ...q, snapshot: live ? undefined : q.data?.pages[0]?.asOf, showLatest };
}

/** One event with every field (GET /api/events/{id}?ts=). */
export function useEvent(sel: { id: string; ts: string } | null) {
  const client = useQueryClient();
  const queryKey = queryKeys.events.detail(sel?.id ?? "none");
  return useQuery({
    queryKey,
    queryFn: () => fetchCoalesced<EventDetail>(client, queryKey, `/api/events/${encodeURIComponent(sel!.id)}?${toQueryString({ ts: sel!.ts })}`),
    enabled: sel !== null,
    staleTime: Infinity,
  });
}

/** Facet counts of the current filter (GET /api/events/facets), read at the list's snapshot time. */
export function useEventFacets(filters: Record<string, string | undefined>, asOf: string | undefined) {
  const client = useQueryClient();
  const queryKey = queryKeys.events.facets({ ...filters, asOf });
  return useQuery({
    queryKey,
    queryFn: () => fetchCoalesced<EventFacets>(client, queryKey, `/api/events/facets?${toQueryString({ ...filters, asOf })}`),
  });
}

/** How many events match (GET /api/events/count): exact, or an estimate the page labels "about". */
export function useEventCount(filters: Record<string, string | undefined>) {
  const client = useQueryClient();
  const queryKey = queryKeys.events.count(filters);
  return useQuery({ queryKey, queryFn: () => fetchCoalesced<EventCount>(client, queryKey, `/api/events/count?${toQueryString(filters)}`) });
}
