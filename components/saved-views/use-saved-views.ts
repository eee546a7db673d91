"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { apiFetch } from "@/lib/http/api-client";
import { queryKeys } from "@/lib/query-keys";
import type { SavedViewList, SavedViewPage, SavedViewView } from "@/lib/saved-views/schema";

/** The caller's views and others' shared views of one page (GET /api/saved-views?page=). */
export function useSavedViews(page: SavedViewPage, enabled = true) {
  return useQuery({
    queryKey: queryKeys.savedViews.list(page),
    queryFn: () => apiFetch<SavedViewList>(`/api/saved-views?${new URLSearchParams({ page })}`),
    enabled,
  });
}

/** Save, change (rename, share, unshare) and delete, each refreshing the lists after it. */
export function useSavedViewMutations() {
  const client = useQueryClient();
  const done = () => client.invalidateQueries({ queryKey: queryKeys.savedViews.all });
  const create = useMutation({
    mutationFn: (body: { page: SavedViewPage; name: string; query: Record<string, string>; shared: boolean }) =>
      apiFetch<{ view: SavedViewView }>("/api/saved-views", { method: "POST", body }),
    onSuccess: done,
  });
  const update = useMutation({
    mutationFn: ({ id, ...body }: { id: string; name?: string; shared?: boolean }) => apiFetch<{ view: SavedViewView }>(`/api/saved-views/${encodeURIComponent(id)}`, { method: "PATCH", body }),
    onSuccess: done,
  });
  const remove = useMutation({
    mutationFn: (id: string) => apiFetch<{ ok: true }>(`/api/saved-views/${encodeURIComponent(id)}`, { method: "DELETE" }),
    onSuccess: done,
  });
  return { create, update, remove };
}
