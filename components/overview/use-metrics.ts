"use client";
import { keepPreviousData, useQuery, useQueryClient } from "@tanstack/react-query";
import { queryKeys } from "@/lib/query-keys";
import type { CallsSeries } from "@/lib/metrics/find-calls-series";
import type { CostSeries } from "@/lib/metrics/find-cost-series";
import type { ErrorRateSeries } from "@/lib/metrics/find-error-rate-series";
import type { FilterOptions } from "@/lib/metrics/find-filter-options";
import type { Kpis } from "@/lib/metrics/find-kpis";
import type { LatencySeries } from "@/lib/metrics/find-latency-series";
import type { RiskFlagSeries } from "@/lib/metrics/find-risk-flag-series";
import type { TopSpenders } from "@/lib/metrics/find-top-spenders";
import type { TopTools } from "@/lib/metrics/find-top-tools";
import { fetchCoalesced } from "./coalesced-fetch";
import { toQueryString } from "./use-url-filters";

// One hook per metrics endpoint. Keys start with "metrics", so every ingest commit (topic "metrics")
// refetches the charts on screen (coalesced: see coalesced-fetch.ts); the previous data stays up while
// the next arrives.

export type MetricsParams = Record<string, string | undefined>;

function useMetric<T>(endpoint: string, params: MetricsParams) {
  const client = useQueryClient();
  const queryKey = queryKeys.metrics.chart(endpoint, params);
  return useQuery({
    queryKey,
    queryFn: () => fetchCoalesced<T>(client, queryKey, `/api/metrics/${endpoint}?${toQueryString(params)}`),
    placeholderData: keepPreviousData,
  });
}

export const useKpis = (p: MetricsParams) => useMetric<Kpis>("kpis", p);
export const useCallsSeries = (p: MetricsParams) => useMetric<CallsSeries>("calls", p);
export const useErrorRateSeries = (p: MetricsParams) => useMetric<ErrorRateSeries>("error-rate", p);
export const useLatencySeries = (p: MetricsParams) => useMetric<LatencySeries>("latency", p);
export const useCostSeries = (p: MetricsParams) => useMetric<CostSeries>("cost", p);
export const useTopTools = (p: MetricsParams) => useMetric<TopTools>("top-tools", p);
export const useTopSpenders = (p: MetricsParams) => useMetric<TopSpenders>("top-spenders", p);
export const useRiskFlagSeries = (p: MetricsParams) => useMetric<RiskFlagSeries>("risk-flags", p);
export const useFilterOptions = (p: MetricsParams) => useMetric<FilterOptions>("options", p);
