"use client";
import { useQuery } from "@tanstack/react-query";
import { apiFetch } from "@/lib/http/api-client";
import { queryKeys } from "@/lib/query-keys";
import type { DashboardApproval } from "@/lib/approvals/dashboard-approval-view";
import type { ApprovalDetail } from "@/lib/approvals/get-approval-detail";
import type { ApprovalRuleView } from "@/lib/approvals/approval-rule-view";
import type { SigningKeyView } from "@/lib/approvals/find-signing-keys";

// One hook per dashboard endpoint of the approvals domain. Keys start with "approvals", so every change
// message on that topic refetches what is on screen (lib/realtime/use-live-invalidation.ts).

export type ApprovalFilters = Record<string, string | undefined>;

function qs(filters: ApprovalFilters): string {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(filters)) if (v) p.set(k, v);
  return p.toString();
}

/** GET /api/approvals/count */
export function usePendingApprovalsCount(enabled = true) {
  return useQuery({
    queryKey: queryKeys.approvals.count(),
    queryFn: () => apiFetch<{ pending: number }>("/api/approvals/count"),
    enabled,
    staleTime: 5_000,
  });
}

/** GET /api/approvals */
export function useApprovalList(filters: ApprovalFilters) {
  return useQuery({
    queryKey: queryKeys.approvals.list(filters),
    queryFn: () => apiFetch<{ approvals: DashboardApproval[] }>(`/api/approvals?${qs(filters)}`),
    staleTime: 2_000,
  });
}

/** GET /api/approvals/{id} */
export function useApprovalDetail(id: string | null) {
  return useQuery({
    queryKey: queryKeys.approvals.detail(id ?? "none"),
    queryFn: () => apiFetch<{ approval: ApprovalDetail }>(`/api/approvals/${id}`),
    enabled: !!id,
    staleTime: 2_000,
  });
}

/** GET /api/approval-rules */
export function useApprovalRules() {
  return useQuery({ queryKey: queryKeys.approvals.rules(), queryFn: () => apiFetch<{ rules: ApprovalRuleView[] }>("/api/approval-rules") });
}

/** GET /api/approvals/signing-keys */
export function useSigningKeys(enabled: boolean) {
  return useQuery({
    queryKey: queryKeys.approvals.signingKeys(),
    queryFn: () => apiFetch<{ keys: SigningKeyView[] }>("/api/approvals/signing-keys"),
    enabled,
  });
}
