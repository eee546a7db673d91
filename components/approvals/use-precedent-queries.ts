"use client";
import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { apiFetch } from "@/lib/http/api-client";
import { queryKeys } from "@/lib/query-keys";
import type { FindPrecedentsResponse } from "@/lib/approvals/precedent-schema";
import type { RiskyParamsView } from "@/lib/approvals/get-risky-params";
import type { ApprovalClaimResult } from "@/lib/approvals/claim-approval";

// The request-context hooks of the detail view (precedents, risky params, claim) and the company-domains
// setting. Precedents sit under the request's detail key ("approvals"…), so every change message on that
// topic refetches them (lib/realtime/use-live-invalidation.ts): a new decision is a new precedent. Risky
// params do not change with other requests' votes: their key is outside that topic (refetched when the
// company domains are saved).

export type PrecedentFilter = "any" | "tool" | "user" | "rule";

/** GET /api/approvals/{id}/precedents, page by page. */
export function usePrecedents(id: string, by: PrecedentFilter) {
  return useInfiniteQuery({
    queryKey: [...queryKeys.approvals.detail(id), "precedents", by] as const,
    queryFn: ({ pageParam }) =>
      apiFetch<FindPrecedentsResponse>(`/api/approvals/${id}/precedents?${new URLSearchParams({ by, limit: "5", ...(pageParam ? { cursor: pageParam } : {}) })}`),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
    staleTime: 10_000,
  });
}

/** GET /api/approvals/{id}/risky-params */
export function useRiskyParams(id: string) {
  return useQuery({
    queryKey: ["approval-risky-params", id] as const,
    queryFn: () => apiFetch<RiskyParamsView>(`/api/approvals/${id}/risky-params`),
    staleTime: 30_000,
  });
}

/** POST (claim) or DELETE (unclaim) /api/approvals/{id}/claim; the queue and the detail refetch. */
export function useClaimApproval(id: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (claim: boolean) => apiFetch<ApprovalClaimResult>(`/api/approvals/${id}/claim`, { method: claim ? "POST" : "DELETE" }),
    onSettled: () => qc.invalidateQueries({ queryKey: queryKeys.approvals.all }),
  });
}

const companyDomainsKey = ["settings", "company-domains"] as const;

/** GET /api/settings/company-domains */
export function useCompanyDomains() {
  return useQuery({ queryKey: companyDomainsKey, queryFn: () => apiFetch<{ domains: string[] }>("/api/settings/company-domains") });
}

/** PUT /api/settings/company-domains */
export function useSaveCompanyDomains() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (domains: string[]) => apiFetch<{ domains: string[] }>("/api/settings/company-domains", { method: "PUT", body: { domains } }),
    onSuccess: (data) => {
      qc.setQueryData(companyDomainsKey, data);
      void qc.invalidateQueries({ queryKey: ["approval-risky-params"] });
    },
  });
}
