"use client";
import type { QueryClient, QueryKey } from "@tanstack/react-query";
import { apiFetch } from "@/lib/http/api-client";

// Live invalidation refetches a chart on every change message (a few per second while events flow), and
// TanStack Query cancels the fetch in flight to start a new one. When a request takes longer than the gap
// between messages (a loaded server, a long range) no fetch would ever finish. So a request in flight is
// never abandoned: a refetch of the same URL joins it, and when it lands a change that arrived meanwhile
// triggers exactly one more fetch. At most one request per URL is in flight, and the newest change is
// always fetched in the end.

const inflight = new Map<string, { promise: Promise<unknown>; changedSince: boolean }>();

export function fetchCoalesced<T>(client: QueryClient, queryKey: QueryKey, url: string): Promise<T> {
  const running = inflight.get(url);
  if (running) {
    running.changedSince = true;
    return running.promise as Promise<T>;
  }
  const entry = { promise: Promise.resolve() as Promise<unknown>, changedSince: false };
  entry.promise = apiFetch<T>(url).finally(() => {
    inflight.delete(url);
    if (entry.changedSince) setTimeout(() => void client.invalidateQueries({ queryKey, exact: true }), 0);
  });
  inflight.set(url, entry);
  return entry.promise as Promise<T>;
}
