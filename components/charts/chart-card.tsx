"use client";
import type { ReactNode } from "react";
import { EmptyState } from "@/components/ui/empty-state";
import { ErrorBox } from "@/components/ui/error-box";
import { Skeleton } from "@/components/ui/skeleton";

const FILTER_LABELS: Record<string, string> = { gateway: "gateway", server: "server", tool: "tool", team: "team", user: "user" };

/**
 * Frame of every chart: title with unit, a skeleton while loading, the error, an empty state, and a note
 * naming the page filters this chart's rollup cannot apply.
 */
export function ChartCard(props: {
  title: string;
  unit?: string;
  testId: string;
  loading: boolean;
  error?: unknown;
  empty: boolean;
  emptyText?: string;
  ignoredFilters?: readonly string[];
  note?: ReactNode;
  actions?: ReactNode;
  children: ReactNode;
  className?: string;
  /** Fetch again (shown as a Retry button when the chart failed). */
  onRetry?: () => void;
}) {
  const ignored = props.ignoredFilters ?? [];
  return (
    <section className={`card flex flex-col ${props.className ?? ""}`} aria-label={props.title} data-testid={props.testId}>
      <header className="mb-2 flex flex-wrap items-start justify-between gap-2">
        <div>
          <h2 className="text-sm font-semibold text-slate-800">{props.title}</h2>
          {props.unit && <p className="text-xs text-slate-500">{props.unit}</p>}
        </div>
        {props.actions}
      </header>
      <div className="min-h-[220px] flex-1">
        {props.loading ? (
          <div aria-busy="true" aria-label={`Loading ${props.title}`} className="space-y-2 pt-2">
            <Skeleton className="h-[200px] w-full" />
          </div>
        ) : props.error ? (
          <div className="space-y-2">
            <ErrorBox error={props.error} />
            {props.onRetry && (
              <button type="button" className="btn" onClick={props.onRetry}>
                Retry
              </button>
            )}
          </div>
        ) : props.empty ? (
          <EmptyState title={props.emptyText ?? "No data in this range"}>Try a longer range or fewer filters.</EmptyState>
        ) : (
          props.children
        )}
      </div>
      {(ignored.length > 0 || props.note) && (
        <p className="mt-2 text-xs text-slate-500">
          {ignored.length > 0 && <>Not narrowed by {ignored.map((k) => FILTER_LABELS[k] ?? k).join(", ")} (this rollup has no such dimension). </>}
          {props.note}
        </p>
      )}
    </section>
  );
}
