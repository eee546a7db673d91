"use client";
import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { apiFetch } from "@/lib/http/api-client";
import { resolveWindow, type RangeKey } from "@/lib/metrics/time-window";
import { queryKeys } from "@/lib/query-keys";
import type { AlertMarker } from "@/lib/alerts/find-alert-markers";
import type { AlertView } from "@/lib/alerts/alert-view";
import type { AlertDetail } from "@/lib/alerts/get-alert";
import type { AlertRuleView } from "@/lib/alerts/alert-rule-view";
import type { ChannelView } from "@/lib/alerts/channel-view";

// One hook per dashboard endpoint of the alerting domain. Keys start with "alerts", so every change
// message on that topic (detector runs, acks, rule and channel edits) refetches what is on screen.

export type AlertFilters = Record<string, string | undefined>;

function qs(filters: AlertFilters): string {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(filters)) if (v) p.set(k, v);
  return p.toString();
}

/** GET /api/alerts/count */
export function useOpenAlertsCount(enabled = true) {
  return useQuery({
    queryKey: queryKeys.alerts.count(),
    queryFn: () => apiFetch<{ open: number; acknowledged: number; critical: number }>("/api/alerts/count"),
    enabled,
    staleTime: 5_000,
  });
}

/** GET /api/alerts */
export function useAlertList(filters: AlertFilters) {
  return useQuery({
    queryKey: queryKeys.alerts.list(filters),
    queryFn: () => apiFetch<{ alerts: AlertView[] }>(`/api/alerts?${qs(filters)}`),
    staleTime: 2_000,
  });
}

/** GET /api/alerts/{id} */
export function useAlertDetail(id: string | null) {
  return useQuery({
    queryKey: queryKeys.alerts.detail(id ?? "none"),
    queryFn: () => apiFetch<{ alert: AlertDetail }>(`/api/alerts/${id}`),
    enabled: !!id,
    staleTime: 2_000,
  });
}

export interface MarkersRange {
  range: RangeKey;
  /** ISO timestamps, only for range=custom. */
  from?: string;
  to?: string;
  /** A user filter puts the charts that read the per-user rollup on UTC-day buckets, which start earlier. */
  byUser?: boolean;
}

/**
 * GET /api/alerts/markers over the overview's window. The window is resolved when the request is made (like
 * the charts' on the server), so a preset range follows the clock on every refetch: on each "alerts" change
 * message and the default slow poll.
 */
export function useAlertMarkers(range: MarkersRange, enabled: boolean) {
  const key = { range: range.range, from: range.from, to: range.to, byUser: range.byUser ? "1" : undefined };
  return useQuery({
    queryKey: queryKeys.alerts.markers(key),
    queryFn: () => {
      const w = resolveWindow({ range: range.range, from: range.from, to: range.to, byUser: range.byUser });
      return apiFetch<{ markers: AlertMarker[] }>(`/api/alerts/markers?${qs({ from: w.from.toISOString(), to: w.to.toISOString() })}`);
    },
    enabled,
    placeholderData: keepPreviousData,
  });
}

/** GET /api/alert-rules */
export function useAlertRules() {
  return useQuery({ queryKey: queryKeys.alerts.rules(), queryFn: () => apiFetch<{ rules: AlertRuleView[] }>("/api/alert-rules") });
}

/** GET /api/channels */
export function useChannels(enabled: boolean) {
  return useQuery({ queryKey: queryKeys.alerts.channels(), queryFn: () => apiFetch<{ channels: ChannelView[] }>("/api/channels"), enabled });
}

export interface DeliveryRow {
  id: string;
  alertId: string | null;
  alertTitle: string | null;
  target: string;
  status: string;
  attempts: number;
  responseStatus: number | null;
  lastError: string | null;
  createdAt: string;
}

/** GET /api/channels/{id}/deliveries */
export function useChannelDeliveries(channelId: string | null) {
  return useQuery({
    queryKey: queryKeys.alerts.deliveries(channelId ?? "none"),
    queryFn: () => apiFetch<{ deliveries: DeliveryRow[] }>(`/api/channels/${channelId}/deliveries`),
    enabled: !!channelId,
    refetchInterval: 5_000,
  });
}

/** GET /api/allowed-hosts */
export function useAllowedHosts(enabled: boolean) {
  return useQuery({ queryKey: queryKeys.alerts.allowedHosts(), queryFn: () => apiFetch<{ hosts: { host: string; createdAt: string }[] }>("/api/allowed-hosts"), enabled });
}

/** Any mutation of the alerting APIs; refreshes everything under "alerts" when it succeeds. */
export function useAlertsMutation<TBody, TResult = unknown>(request: (body: TBody) => { url: string; method: string; body?: unknown }) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: TBody) => {
      const r = request(body);
      return apiFetch<TResult>(r.url, { method: r.method, body: r.body });
    },
    onSuccess: () => qc.invalidateQueries({ queryKey: queryKeys.alerts.all }),
  });
}
