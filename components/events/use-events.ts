"use client";
import { useInfiniteQuery, useQuery } from "@tanstack/react-query";
import { useCallback, useRef } from "react";
import { apiFetch } from "@/lib/http/api-client";
import { queryKeys } from "@/lib/query-keys";
import type { EventDetail, EventPage } from "@/lib/events/schema";
import { toQueryString } from "@/components/overview/use-url-filters";

export const PAGE_SIZE = 50;

/**
 * Pages of events for the explorer (GET /api/events). Pinned (live tail off): the first page fixes a
 * snapshot time (asOf) and every refetch — including the ones a live "events" message triggers — reads
 * that same snapshot, so pages stay put while events arrive; `showLatest()` moves the snapshot to now.
 * Live tail: no snapshot, every refetch shows the newest events.
 */
export function useEventsList(filters: Record<string, string | undefined>, live: boolean) {
  const snapshots = useRef(new Map<string, string>());
  const id = toQueryString(filters);
  const q = useInfiniteQuery({
    queryKey: queryKeys.events.list({ ...filters, live: live ? "1" : undefined }),
    initialPageParam: null as string | null,
    queryFn: async ({ pageParam, signal }) => {
      const asOf = live ? undefined : snapshots.current.get(id);
      const page = await apiFetch<EventPage>(`/api/events?${toQueryString({ ...filters, asOf, cursor: pageParam ?? undefined, limit: String(PAGE_SIZE) })}`, { signal });
      if (!live && !asOf) snapshots.current.set(id, page.asOf);
      return page;
    },
    getNextPageParam: (last) => last.nextCursor,
  });
  const { refetch } = q;
  const showLatest = useCallback(() => {
    snapshots.current.delete(id);
    void refetch();
  }, [id, refetch]);
  return { ...q, snapshot: live ? undefined : snapshots.current.get(id), showLatest };
}

/** One event with every field (GET /api/events/{id}?ts=). */
export function useEvent(sel: { id: string; ts: string } | null) {
  return useQuery({
    queryKey: queryKeys.events.detail(sel?.id ?? "none"),
    queryFn: ({ signal }) => apiFetch<EventDetail>(`/api/events/${encodeURIComponent(sel!.id)}?${toQueryString({ ts: sel!.ts })}`, { signal }),
    enabled: sel !== null,
    staleTime: Infinity,
  });
}
