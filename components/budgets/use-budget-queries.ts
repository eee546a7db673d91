"use client";
import { useQuery } from "@tanstack/react-query";
import { apiFetch } from "@/lib/http/api-client";
import { queryKeys } from "@/lib/query-keys";
import type { BudgetView } from "@/lib/budgets/budget-view";
import type { BudgetDetail } from "@/lib/budgets/get-budget-detail";
import type { BudgetScopeOptions } from "@/lib/budgets/find-budget-scope-options";

// One hook per endpoint. Live: a "budgets" change message invalidates these keys; the slow interval is
// the fallback when the socket is down (and moves the forecast along with the clock).

// GET /api/budgets
export function useBudgetList() {
  return useQuery({ queryKey: queryKeys.budgets.list(), queryFn: () => apiFetch<{ budgets: BudgetView[] }>("/api/budgets"), refetchInterval: 30_000 });
}

// GET /api/budgets/{id}
export function useBudgetDetail(id: string) {
  return useQuery({
    queryKey: queryKeys.budgets.detail(id),
    queryFn: () => apiFetch<BudgetDetail>(`/api/budgets/${encodeURIComponent(id)}`),
    refetchInterval: 30_000,
  });
}

// GET /api/budgets/options
export function useBudgetScopeOptions() {
  return useQuery({ queryKey: queryKeys.budgets.options(), queryFn: () => apiFetch<BudgetScopeOptions>("/api/budgets/options"), staleTime: 60_000 });
}
