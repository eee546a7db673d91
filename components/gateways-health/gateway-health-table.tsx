"use client";
import { useTimeZone } from "@/components/ui/use-time-zone";
import { formatTime } from "@/lib/time/format-time";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { queryKeys } from "@/lib/query-keys";
import type { GatewayHealthList } from "@/lib/metrics/find-gateway-health";
import { formatPercent } from "@/components/charts/format";
import { fetchCoalesced } from "@/components/overview/coalesced-fetch";
import { Sparkline } from "@/components/charts/sparkline";
import { EmptyState } from "@/components/ui/empty-state";
import { ErrorBox } from "@/components/ui/error-box";
import { TableSkeleton } from "@/components/ui/skeleton";

/** GET /api/metrics/gateways — refreshed by live "metrics" messages, and every 30 s so "stale" ages on its own. */
export function useGatewayHealth(staleAfterSeconds = 300) {
  const client = useQueryClient();
  const queryKey = [...queryKeys.metrics.gatewayHealth(), staleAfterSeconds] as const;
  return useQuery({
    queryKey,
    queryFn: () => fetchCoalesced<GatewayHealthList>(client, queryKey, `/api/metrics/gateways?staleAfterSeconds=${staleAfterSeconds}`),
    refetchInterval: 30_000,
  });
}

function ago(iso: string | null, now: number): string {
  if (!iso) return "never";
  const s = Math.max(0, Math.round((now - new Date(iso).getTime()) / 1000));
  if (s < 60) return `${s} s ago`;
  if (s < 3600) return `${Math.round(s / 60)} min ago`;
  if (s < 86400) return `${Math.round(s / 3600)} h ago`;
  return `${Math.round(s / 86400)} d ago`;
}

const minutes = (s: number | null) => (s === null ? "?" : s < 120 ? `${s} s` : `${Math.round(s / 60)} min`);

/** Why a gateway is (or is not) stale, in words. */
function staleWhy(basis: GatewayHealthList["gateways"][number]["staleBasis"], allowed: number | null): string {
  if (basis === "heartbeat") return `Judged by its heartbeats: stale after ${minutes(allowed)} without one.`;
  if (basis === "rhythm") return `Judged by its own rhythm: stale after ${minutes(allowed)} of silence (1.5 × its longest usual gap, last 7 days).`;
  if (basis === "never_seen") return "Never seen.";
  return `Too little history for its rhythm: stale after ${minutes(allowed)} of silence.`;
}

/**
 * Health of every gateway: last seen, events/min and error rate over the last 15 minutes, a one-hour
 * sparkline, and a "stale" marker for a gateway silent longer than it may be: judged by its heartbeats when it
 * sends them, else by its own usual rhythm, else by `staleAfterSeconds` (default 5 min). The marker says which.
 */
export function GatewayHealthTable({ staleAfterSeconds = 300 }: { staleAfterSeconds?: number }) {
  const zone = useTimeZone();
  const q = useGatewayHealth(staleAfterSeconds);
  if (q.isPending) return <TableSkeleton rows={3} />;
  if (q.error) return <ErrorBox error={q.error} />;
  const { gateways, rateMinutes, generatedAt } = q.data;
  if (gateways.length === 0) return <EmptyState title="No gateways registered yet" />;
  const now = new Date(generatedAt).getTime();
  return (
    <div className="card overflow-x-auto p-0">
      <table className="table" aria-label="Gateway health">
        <thead>
          <tr>
            <th>Gateway</th>
            <th>Health</th>
            <th>Last seen</th>
            <th className="text-right">Events/min</th>
            <th className="text-right">Error rate</th>
            <th>Last hour</th>
          </tr>
        </thead>
        <tbody>
          {gateways.map((g) => (
            <tr key={g.id} data-testid="gateway-health-row" data-gateway-id={g.id} data-stale={g.stale} data-stale-basis={g.staleBasis}>
              <td className="font-medium">{g.name}</td>
              <td>
                {g.stale ? (
                  <span className="rounded bg-amber-50 px-1.5 py-0.5 text-xs font-medium text-amber-800 ring-1 ring-amber-200" title={staleWhy(g.staleBasis, g.allowedSilenceSeconds)}>
                    stale
                  </span>
                ) : (
                  <span className="rounded bg-emerald-50 px-1.5 py-0.5 text-xs font-medium text-emerald-700 ring-1 ring-emerald-200" title={staleWhy(g.staleBasis, g.allowedSilenceSeconds)}>
                    reporting
                  </span>
                )}
              </td>
              <td className="whitespace-nowrap text-xs" title={g.lastSeenAt ? formatTime({ value: g.lastSeenAt, zone, seconds: true, zoneName: true }) : undefined}>
                {ago(g.lastSeenAt, now)}
              </td>
              <td className="text-right text-xs tabular-nums" title={`average over the last ${rateMinutes} minutes`}>
                {g.eventsPerMinute.toFixed(g.eventsPerMinute < 10 ? 1 : 0)}
              </td>
              <td className="text-right text-xs tabular-nums">{formatPercent(g.errorRate)}</td>
              <td>
                <Sparkline values={g.sparkline} label={`Calls per minute of ${g.name} over the last hour`} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
